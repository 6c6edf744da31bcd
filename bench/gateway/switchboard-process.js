#!/usr/bin/env node
// Switchboard's local gateway as a user runs it: `sb serve --local` (bin/sb.js, which starts
// the gateway in its own process with the serve V8 flags) over a temp SWITCHBOARD_HOME with an
// encrypted file store holding a real API-key session and a catalog model routed to the fake
// upstream; logs go to $HOME/logs/gateway.log.
// Usage: node bench/gateway/switchboard-process.js <upstreamPort> [<sb.js>] — another build's
// launcher (a copy of packages/cli) to compare it with this one in the same run.
// Prints `{"port":N,"token":"…","pid":P}` where P is the gateway process (for CPU and RSS).
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { openSwitchboard } from '@switchboard/core';
import { ensureLocalToken } from '@switchboard/server';
import { benchConfigToml, UPSTREAM_KEY } from './bench-config.js';

const upstreamPort = Number(process.argv[2]);
const sb = process.argv[3] ?? fileURLToPath(new URL('../../packages/cli/bin/sb.js', import.meta.url));
const home = await mkdtemp(join(tmpdir(), 'sb-bench-gateway-'));
await writeFile(join(home, 'config.toml'), benchConfigToml(upstreamPort));
const environment = {
  SWITCHBOARD_HOME: home,
  HOME: home,
  SWITCHBOARD_AUTH_STORE: 'file',
  PATH: process.env.PATH ?? '',
  // e.g. SB_BENCH_NODE_OPTIONS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the gateway.
  ...(process.env.SB_BENCH_NODE_OPTIONS ? { NODE_OPTIONS: process.env.SB_BENCH_NODE_OPTIONS } : {}),
};
const switchboard = await openSwitchboard({ environment, storeKind: 'file' });
await switchboard.auth.login('openai', { method: 'api-key', apiKey: UPSTREAM_KEY });
const { token } = await ensureLocalToken(switchboard.store);

const launcher = spawn(process.execPath, [sb, 'serve', '--local', '--port', '0', '--json'], {
  env: environment,
  stdio: ['ignore', 'pipe', 'inherit'],
});
const lines = createInterface({ input: launcher.stdout })[Symbol.asyncIterator]();
const listening = JSON.parse(String((await lines.next()).value));
const url = new URL(listening.url);
// The gateway is the launcher's one child process (Linux /proc); else the launcher itself.
const children = await readFile(`/proc/${launcher.pid}/task/${launcher.pid}/children`, 'utf8').catch(() => '');
const pid = Number(children.trim().split(/\s+/)[0]) || launcher.pid;
// The token goes to the parent over a pipe, never argv or a log.
process.stdout.write(`${JSON.stringify({ port: Number(url.port), token, pid })}\n`);

const stop = async () => {
  const exited = new Promise((resolve) => launcher.once('exit', resolve));
  launcher.kill('SIGTERM');
  await exited;
  await rm(home, { recursive: true, force: true });
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
