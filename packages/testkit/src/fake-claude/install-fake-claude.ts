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
  FAKE_CLAUDE_MODE?: 'ok' | 'not-logged-in' | 'usage-limit' | 'fail-mid-stream' | 'crash-mid-stream' | 'hang';
  FAKE_CLAUDE_TEXT?: string;
  FAKE_CLAUDE_FIRST_BYTE_DELAY_MS?: string;
  FAKE_CLAUDE_CHUNK_DELAY_MS?: string;
  FAKE_CLAUDE_FAIL_AFTER_CHUNKS?: string;
  FAKE_CLAUDE_RECORD_FILE?: string;
  FAKE_CLAUDE_VERSION?: string;
}

/** Absolute path of the fake `gemini` CLI script (`packages/testkit/bin/fake-gemini.js`). */
export const fakeGeminiScriptPath: string = fileURLToPath(new URL('../../bin/fake-gemini.js', import.meta.url));

/** Absolute path of the fake `codex` CLI script (`packages/testkit/bin/fake-codex.js`). */
export const fakeCodexScriptPath: string = fileURLToPath(new URL('../../bin/fake-codex.js', import.meta.url));

/** Environment knobs of the fake `gemini` CLI (see bin/fake-gemini.js). */
export interface FakeGeminiEnvironment {
  FAKE_GEMINI_MODE?: 'ok' | 'quota' | 'fail-mid-stream' | 'crash-mid-stream' | 'hang';
  FAKE_GEMINI_TEXT?: string;
  FAKE_GEMINI_FIRST_BYTE_DELAY_MS?: string;
  FAKE_GEMINI_CHUNK_DELAY_MS?: string;
  FAKE_GEMINI_FAIL_AFTER_CHUNKS?: string;
  FAKE_GEMINI_RECORD_FILE?: string;
  FAKE_GEMINI_VERSION?: string;
}

/** Environment knobs of the fake `codex` CLI (see bin/fake-codex.js). */
export interface FakeCodexEnvironment {
  FAKE_CODEX_MODE?: 'ok' | 'usage-limit' | 'fail-mid-stream' | 'crash-mid-stream' | 'hang';
  FAKE_CODEX_TEXT?: string;
  FAKE_CODEX_FIRST_BYTE_DELAY_MS?: string;
  FAKE_CODEX_RECORD_FILE?: string;
  FAKE_CODEX_VERSION?: string;
}

/**
 * Writes an executable `name` into `directory` that runs `script` with this Node binary, so a
 * test can put `directory` first on PATH (or pass the returned path) like a real install.
 */
async function installFake(directory: string, name: string, script: string, nodePath: string): Promise<string> {
  await mkdir(directory, { recursive: true });
  const target = join(directory, name);
  await writeFile(target, `#!/bin/sh\nexec '${nodePath}' '${script}' "$@"\n`);
  await chmod(target, 0o755);
  return target;
}

/** Installs the fake `claude` as `directory/claude`; returns its path. */
export function installFakeClaude(directory: string, options: { nodePath?: string } = {}): Promise<string> {
  return installFake(directory, 'claude', fakeClaudeScriptPath, options.nodePath ?? process.execPath);
}

/** Installs the fake `gemini` as `directory/gemini`; returns its path. */
export function installFakeGemini(directory: string, options: { nodePath?: string } = {}): Promise<string> {
  return installFake(directory, 'gemini', fakeGeminiScriptPath, options.nodePath ?? process.execPath);
}

/** Installs the fake `codex` as `directory/codex`; returns its path. */
export function installFakeCodex(directory: string, options: { nodePath?: string } = {}): Promise<string> {
  return installFake(directory, 'codex', fakeCodexScriptPath, options.nodePath ?? process.execPath);
}
