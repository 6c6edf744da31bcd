import { constants } from 'node:fs';
import { open } from 'node:fs/promises';

/** Outcome of reading another CLI's file. `detail` never quotes the file's contents. */
export type SourceFileRead<T> =
  { status: 'missing' } | { status: 'ok'; value: T } | { status: 'error'; detail: string };

/** Files we read are small JSON or dotenv files; anything bigger is not the file we expect. */
const DEFAULT_MAX_BYTES = 1024 * 1024;

/**
 * Reads a file of another CLI as text. The file is opened read-only and never written,
 * locked or renamed: it belongs to the other tool.
 */
export async function readSourceFile(
  path: string,
  options: { maxBytes?: number } = {},
): Promise<SourceFileRead<string>> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  let handle;
  try {
    // O_NOFOLLOW is not used: users commonly symlink dotfiles. O_RDONLY is the guarantee.
    handle = await open(path, constants.O_RDONLY);
  } catch (error) {
    return describeOpenError(path, error);
  }
  try {
    const info = await handle.stat();
    if (info.isDirectory()) return { status: 'error', detail: `${path} is a directory, not a file` };
    if (info.size > maxBytes)
      return { status: 'error', detail: `${path} is larger than ${maxBytes} bytes; not the expected file` };
    const text = await handle.readFile({ encoding: 'utf8' });
    return { status: 'ok', value: text };
  } catch (error) {
    return describeOpenError(path, error);
  } finally {
    await handle.close();
  }
}

/**
 * Reads and parses a JSON file of another CLI. A syntax error is reported without
 * V8's message, which quotes the offending text (possibly a token).
 */
export async function readJsonSourceFile(
  path: string,
  options: { maxBytes?: number } = {},
): Promise<SourceFileRead<unknown>> {
  const read = await readSourceFile(path, options);
  if (read.status !== 'ok') return read;
  if (read.value.trim() === '') return { status: 'error', detail: `${path} is empty` };
  try {
    return { status: 'ok', value: JSON.parse(read.value) as unknown };
  } catch (error) {
    return { status: 'error', detail: `${path} is not valid JSON${syntaxErrorHint(error)}` };
  }
}

function syntaxErrorHint(error: unknown): string {
  // Only numbers and fixed words are kept: most V8 messages quote the surrounding text.
  const message = error instanceof Error ? error.message : '';
  const lineColumn = /\(line (\d+) column (\d+)\)/.exec(message);
  if (lineColumn) return ` (line ${lineColumn[1]}, column ${lineColumn[2]})`;
  return /end of JSON input/i.test(message) ? ' (it ends too early)' : '';
}

function describeOpenError(path: string, error: unknown): SourceFileRead<never> {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : 'UNKNOWN';
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return { status: 'missing' };
    case 'EACCES':
    case 'EPERM':
      return { status: 'error', detail: `cannot read ${path}: permission denied` };
    case 'EISDIR':
      return { status: 'error', detail: `${path} is a directory, not a file` };
    default:
      return { status: 'error', detail: `cannot read ${path} (${code})` };
  }
}
