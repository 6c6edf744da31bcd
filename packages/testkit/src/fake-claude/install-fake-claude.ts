import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Absolute path of the fake `claude` CLI script (`packages/testkit/bin/fake-claude.js`); the
 * same relative location from `src/` and `dist/`.
 */
export const fakeClaudeScriptPath: string = fileURLToPath(new URL('../../bin/fake-claude.js', import.meta.url));

/** Environment knobs of the fake `claude` CLI. */
export interface FakeClaudeEnvironment {
  FAKE_CLAUDE_MODE?: 'ok' | 'not-logged-in' | 'fail-mid-stream' | 'crash-mid-stream';
  FAKE_CLAUDE_TEXT?: string;
  FAKE_CLAUDE_FIRST_BYTE_DELAY_MS?: string;
  FAKE_CLAUDE_CHUNK_DELAY_MS?: string;
  FAKE_CLAUDE_FAIL_AFTER_CHUNKS?: string;
  FAKE_CLAUDE_RECORD_FILE?: string;
  FAKE_CLAUDE_VERSION?: string;
}

/**
 * Writes an executable `claude` into `directory` that runs the fake with this Node binary, so a
 * test can put `directory` first on PATH (or pass the returned path) like a real install.
 */
export async function installFakeClaude(directory: string, options: { nodePath?: string } = {}): Promise<string> {
  await mkdir(directory, { recursive: true });
  const target = join(directory, 'claude');
  const nodePath = options.nodePath ?? process.execPath;
  await writeFile(target, `#!/bin/sh\nexec '${nodePath}' '${fakeClaudeScriptPath}' "$@"\n`);
  await chmod(target, 0o755);
  return target;
}
