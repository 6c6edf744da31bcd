import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const SB_BIN = fileURLToPath(new URL('../../bin/sb.js', import.meta.url));
const BUILT_ENTRY = fileURLToPath(new URL('../../dist/main.js', import.meta.url));

/** A real terminal (tmux on a private socket) running `sb`, driven as a person would. */
export interface Terminal {
  /** Types text; one call arrives as one chunk, like a quick typist or a paste without brackets. */
  type(text: string): Promise<void>;
  /** Presses named keys (tmux names: Enter, Escape, C-c, Up, Down, Tab, BSpace). */
  press(...keys: string[]): Promise<void>;
  /** The visible screen, plain text (`withStyles`: with the SGR sequences tmux keeps). */
  screen(options?: { withStyles?: boolean }): Promise<string>;
  /** The visible screen plus the scrollback. */
  history(): Promise<string>;
  /** Polls the screen until `predicate` holds; fails with the last screen after `timeoutMs`. */
  waitFor(predicate: (screen: string) => boolean, what: string, timeoutMs?: number): Promise<string>;
  resize(columns: number, rows: number): Promise<void>;
  /** Null while `sb` runs; then its exit code (128 + n when a signal ended it). */
  exitStatus(): Promise<number | null>;
  /** Kills the tmux server (and `sb` with it). */
  kill(): Promise<void>;
}

/** Options of {@link startTerminal}. */
export interface TerminalOptions {
  /** The complete environment of `sb` (nothing inherited). */
  environment: Record<string, string>;
  args?: readonly string[];
  columns?: number;
  rows?: number;
}

function quote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/** Starts `node bin/sb.js` in a fresh tmux server on a private socket, 80×24 by default. */
export async function startTerminal(options: TerminalOptions): Promise<Terminal> {
  if (!existsSync(BUILT_ENTRY))
    throw new Error(`${BUILT_ENTRY} is missing: run \`npm run build\` first (npm test does).`);
  const socket = `sb-tui-${process.pid}-${randomBytes(4).toString('hex')}`;
  const tmux = (...args: string[]) => run('tmux', ['-L', socket, '-f', '/dev/null', ...args], { timeout: 20_000 });
  const variables = Object.entries({ TERM: 'xterm-256color', ...options.environment }).map(([name, value]) =>
    quote(`${name}=${value}`),
  );
  // The shell records sb's exit code: tmux cannot be relied on to reap it and report it.
  const exitFile = join(tmpdir(), `${socket}.exit`);
  const command = `${['env', '-i', ...variables, quote(process.execPath), quote(SB_BIN), ...(options.args ?? []).map(quote)].join(' ')}; echo $? > ${quote(exitFile)}`;
  await tmux(
    'new-session',
    '-d',
    '-s',
    'sb',
    '-x',
    String(options.columns ?? 80),
    '-y',
    String(options.rows ?? 24),
    command,
  );
  // Keep the pane after sb exits, to read how it ended.
  await tmux('set-option', '-t', 'sb', 'remain-on-exit', 'on');
  const capture = async (...extra: string[]) => (await tmux('capture-pane', '-p', '-t', 'sb', ...extra)).stdout;
  const terminal: Terminal = {
    async type(text) {
      await tmux('send-keys', '-t', 'sb', '-l', text);
    },
    async press(...keys) {
      for (const key of keys) await tmux('send-keys', '-t', 'sb', key);
    },
    screen: (screenOptions = {}) => capture(...(screenOptions.withStyles ? ['-e'] : [])),
    history: () => capture('-S', '-'),
    async waitFor(predicate, what, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      let last = '';
      while (Date.now() < deadline) {
        last = await capture();
        if (predicate(last)) return last;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}. Screen:\n${last}`);
    },
    async resize(columns, rows) {
      await tmux('resize-window', '-t', 'sb', '-x', String(columns), '-y', String(rows));
    },
    async exitStatus() {
      const written = await readFile(exitFile, 'utf8').catch(() => '');
      return written.trim() === '' ? null : Number(written.trim());
    },
    async kill() {
      await tmux('kill-server').catch(() => undefined);
      await rm(exitFile, { force: true });
    },
  };
  return terminal;
}
