import { open, rename, unlink, mkdir, chmod, realpath } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import { randomBytes } from 'node:crypto';

/** Options for {@link writeFileAtomic}. */
export interface WriteFileAtomicOptions {
  /** File mode, default 0o600. */
  mode?: number;
  /** Mode of the parent directory when it has to be created, default 0o700. */
  directoryMode?: number;
}

/**
 * Writes `data` to `path` so that a crash at any point leaves either the old or the new
 * content, never a mix: write a temp file beside it, fsync, rename over, fsync the directory.
 * A symlink is followed: the file it points to is replaced, and the link stays.
 */
export async function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  options: WriteFileAtomicOptions = {},
): Promise<void> {
  const mode = options.mode ?? 0o600;
  // A symlinked file (dotfiles) is written where the link points: renaming over the link
  // itself would replace it with a plain file.
  const target = await realpath(path).catch(() => path);
  const directory = dirname(target);
  await mkdir(directory, { recursive: true, mode: options.directoryMode ?? 0o700 });
  const temporary = join(directory, `.${basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temporary, 'wx', mode);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
  await handle.close();
  // open() honours the umask; the mode must be exact for secret files.
  await chmod(temporary, mode);
  try {
    await rename(temporary, target);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
  await syncDirectory(directory);
}

async function syncDirectory(directory: string): Promise<void> {
  let handle;
  try {
    handle = await open(directory, 'r');
    await handle.sync();
  } catch {
    // Some filesystems refuse fsync on directories; the rename is still atomic there.
  } finally {
    await handle?.close().catch(() => undefined);
  }
}
