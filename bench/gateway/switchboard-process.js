#!/usr/bin/env node
// Switchboard's local gateway in its own process (a fair RSS figure), as `sb serve --local`
// runs it: a temp SWITCHBOARD_HOME with an encrypted file store holding a real API-key
// session, a catalog model routed to the fake upstream, logs to $HOME/logs/gateway.log.
// Usage: node bench/gateway/switchboard-process.js <upstreamPort>. Prints `{"port":N,"token":"…"}`.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSwitchboard } from '@switchboard/core';
import { startLocalGateway } from '@switchboard/server';
import { BENCH_MODEL, UPSTREAM_KEY } from './bench-config.js';

const upstreamPort = Number(process.argv[2]);
const home = await mkdtemp(join(tmpdir(), 'sb-bench-gateway-'));
await writeFile(
  join(home, 'config.toml'),
  [
    '[providers.openai]',
    `api_base = "http://127.0.0.1:${upstreamPort}/openai/v1"`,
    '',
    `[models."${BENCH_MODEL}"]`,
    'provider = "openai"',
    'transport = "openai-chat"',
    'methods = ["api-key"]',
    `upstream_id = "${BENCH_MODEL}"`,
    'context_window = 128000',
    'price = { input = 0, output = 0 }',
    '',
  ].join('\n'),
);
const environment = { SWITCHBOARD_HOME: home, HOME: home };
const switchboard = await openSwitchboard({ environment, storeKind: 'file' });
await switchboard.auth.login('openai', { method: 'api-key', apiKey: UPSTREAM_KEY });
const gateway = await startLocalGateway({ environment, port: 0, storeKind: 'file' });
// The token goes to the parent over a pipe, never argv or a log.
process.stdout.write(`${JSON.stringify({ port: gateway.port, token: gateway.token })}\n`);
const stop = async () => {
  await gateway.close({ drainMs: 1_000 });
  await rm(home, { recursive: true, force: true });
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
