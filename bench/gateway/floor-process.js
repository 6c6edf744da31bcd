#!/usr/bin/env node
// The floor of Switchboard's own gateway: its HTTP handling exactly as `sb serve --local` runs it
// (startGateway's node:http fast path: Host/Origin and token checks, the body read and its top
// level scanned, the request id and overhead header, the access log line written to a file) in front of a
// runtime that only sends — no route plan, credential, breaker, timeouts, byte scanner or usage
// line: the caller's body goes as it came to the fake upstream with its key, over a keep-alive
// agent like the bare proxy's, and the answer is piped back; a caller going away cancels it.
// Beside the bare proxy and the real gateway (bench/gateway-rounds.js --floor), it splits
// Switchboard's CPU per streamed request into its HTTP handling and the runtime's routing duties.
// Usage: MALLOC_ARENA_MAX=2 node --max-semi-space-size=16 --no-allocation-site-pretenuring
//        bench/gateway/floor-process.js <upstreamPort> (sb serve's settings, packages/cli/bin/serve-process.js)
// (after `npm run build`). Prints `{"port":N,"token":"…","pid":P}` on stdout (the token is a
// throwaway one, valid for this process only).
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { createCatalog, openSwitchboard } from '@switchboard/core';
import { createGatewayLogger, startGateway } from '@switchboard/server';
import { BENCH_MODEL, UPSTREAM_KEY, benchConfigToml } from './bench-config.js';

// What `sb serve` sets in its own process (packages/cli/src/commands/serve.ts).
setFlagsFromString('--heap-growing-percent=100');

const upstreamPort = Number(process.argv[2]);
const home = await mkdtemp(join(tmpdir(), 'sb-bench-floor-'));
await writeFile(join(home, 'config.toml'), benchConfigToml(upstreamPort));
const switchboard = await openSwitchboard({
  environment: { SWITCHBOARD_HOME: home, HOME: home, SWITCHBOARD_AUTH_STORE: 'file' },
  storeKind: 'file',
});
const raw = switchboard.config.raw;
const catalog = createCatalog({ customModels: raw.models, configPath: switchboard.paths.config });
const logging = createGatewayLogger({ destination: { file: join(switchboard.paths.logs, 'gateway.log') } });

const agent = new Agent({ keepAlive: true, timeout: 4_000, maxSockets: 1024, maxFreeSockets: 1024 });
const route = {
  model: BENCH_MODEL,
  provider: 'openai',
  method: 'api-key',
  upstreamId: BENCH_MODEL,
  transport: 'openai-chat',
};

/** `Runtime.forward` reduced to the send: the one call the fast path makes of the runtime. */
function forward(forwarded) {
  return new Promise((resolve, reject) => {
    const upstream = request(
      {
        host: '127.0.0.1',
        port: upstreamPort,
        method: 'POST',
        path: '/openai/v1/chat/completions',
        agent,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${UPSTREAM_KEY}` },
      },
      (answer) => {
        const ended = new Promise((settle) => {
          answer.once('end', () => settle({ error: undefined, cancelled: false }));
          answer.once('close', () => settle({ error: undefined, cancelled: !answer.complete }));
        });
        resolve({
          type: 'passthrough-node-stream',
          route,
          contentType: answer.headers['content-type'] ?? 'text/event-stream',
          pipe: (sink) => answer.pipe(sink),
          ended,
        });
      },
    );
    upstream.once('error', reject);
    forwarded.signal?.addEventListener('abort', () => upstream.destroy(), { once: true });
    // The caller's bytes as they came (the route's upstream id is the model's own id here).
    upstream.end(forwarded.body.bytes);
  });
}

const token = `sb-floor-${randomBytes(16).toString('hex')}`;
const gateway = await startGateway({
  port: 0,
  runtime: { forward },
  catalog,
  auth: switchboard.auth,
  logger: logging.logger,
  token,
});
process.stdout.write(`${JSON.stringify({ port: gateway.port, token, pid: process.pid })}\n`);
const stop = async () => {
  await gateway.close({ drainMs: 0 });
  await rm(home, { recursive: true, force: true });
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
