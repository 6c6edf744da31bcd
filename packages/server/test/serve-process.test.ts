import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from './gateway-harness.js';

const sb = fileURLToPath(new URL('../../cli/bin/sb.js', import.meta.url));
let home: string;
let environment: Record<string, string>;

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'sb-serve-process-'));
  environment = { SWITCHBOARD_HOME: home, HOME: home, SWITCHBOARD_AUTH_STORE: 'file', PATH: process.env['PATH'] ?? '' };
});
afterAll(async () => {
  await rm(home, { recursive: true, force: true });
});

/** Starts `sb serve --json` in its own process group (as a shell starts a foreground job). */
async function startServe(): Promise<{ launcher: ChildProcess; lines: AsyncIterator<string>; gatewayPid: number }> {
  const launcher = spawn(process.execPath, [sb, 'serve', '--local', '--port', '0', '--json'], {
    env: environment,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const lines = createInterface({ input: launcher.stdout! })[Symbol.asyncIterator]();
  expect(JSON.parse(String((await lines.next()).value))).toMatchObject({ event: 'listening' });
  const children = (await readFile(`/proc/${launcher.pid}/task/${launcher.pid}/children`, 'utf8'))
    .trim()
    .split(/\s+/)
    .map(Number);
  expect(children).toHaveLength(1);
  return { launcher, lines, gatewayPid: children[0]! };
}

describe.runIf(process.platform === 'linux')('sb serve: the gateway process', () => {
  it('runs with the serve V8 flags, and one Ctrl-C to the terminal’s process group drains it once', async () => {
    const { launcher, lines, gatewayPid } = await startServe();
    const commandLine = (await readFile(`/proc/${gatewayPid}/cmdline`, 'utf8')).split('\0');
    expect(commandLine).toContain('--max-semi-space-size=16');
    expect(commandLine).toContain('--no-allocation-site-pretenuring');
    // glibc's malloc arenas capped for RSS; a value the user set is theirs (serveEnvironment).
    const gatewayEnvironment = (await readFile(`/proc/${gatewayPid}/environ`, 'utf8')).split('\0');
    expect(gatewayEnvironment).toContain('MALLOC_ARENA_MAX=2');
    expect(commandLine).toContain('serve');
    const exited = new Promise<number | null>((resolve) => launcher.once('exit', (code) => resolve(code)));
    // What a terminal does on Ctrl-C: SIGINT to the foreground process group.
    process.kill(-launcher.pid!, 'SIGINT');
    // A second SIGINT would have meant "quit now" (exit 130) without the stopped event.
    expect(JSON.parse(String((await lines.next()).value))).toEqual({ event: 'stopped' });
    expect(await exited).toBe(0);
    await waitFor(() => !existsSync(`/proc/${gatewayPid}`));
  });

  it('stops when its launcher is killed outright', async () => {
    const { launcher, gatewayPid } = await startServe();
    launcher.kill('SIGKILL');
    await waitFor(() => !existsSync(`/proc/${gatewayPid}`), 20_000);
  });
});
