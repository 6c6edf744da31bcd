#!/usr/bin/env node
// A reference, not a product: every per-request duty of Switchboard's streamed same-wire
// pass-through written as one callback-driven node:http handler, to show what those duties cost
// when nothing else is around them. It checks the Host and the token (constant time), reads the
// body under a limit and scans its top level (core's scanJsonBody), takes the route it resolved at
// start, looks up the key through a one-second cache (as the runtime's credential lookup does),
// checks a used-up record and the circuit breaker (core's createCircuitBreaker), splices the
// upstream model and the usage request into the caller's bytes, arms a first-byte and an idle
// timer, watches the answer with the runtime's byte scanner (its usage, its clean end), keeps
// backpressure, cancels the upstream when the caller goes away, appends the usage line (core's
// createUsageLog) and writes the access log line (the gateway's pino logger, to a file).
// It leaves out what only a failure or another route needs: fallback, refresh after a 401,
// Retry-After, errors in each API's shape, translation, agent sessions, the Origin check.
// bench/gateway-rounds.js --lean runs it beside the real gateway and the bare proxy.
// Usage: node <sb serve's V8 flags> bench/gateway/lean-process.js <upstreamPort>.
// Prints `{"port":N,"token":"…","pid":P}` (a throwaway token, valid for this process only).
import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { Agent, createServer, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { createUsageLog, scanJsonBody } from '@switchboard/core';
import { createGatewayLogger } from '@switchboard/server';
// Not part of core's public API: the same modules the runtime uses, from the build.
import { createCircuitBreaker } from '../../packages/core/dist/runtime/circuit-breaker.js';
import { createWireByteScanner } from '../../packages/core/dist/runtime/wire-byte-scanner.js';
import { BENCH_MODEL, UPSTREAM_KEY } from './bench-config.js';

// What `sb serve` sets in its own process (packages/cli/src/commands/serve.ts).
setFlagsFromString('--heap-growing-percent=100');

const upstreamPort = Number(process.argv[2]);
const BODY_LIMIT = 10 * 1024 * 1024;
const TIMEOUT_MS = 120_000;
const home = await mkdtemp(join(tmpdir(), 'sb-bench-lean-'));
const logging = createGatewayLogger({ destination: { file: join(home, 'gateway.log') } });
const { logger } = logging;
const usageLog = createUsageLog({ path: join(home, 'usage.jsonl') });
const agent = new Agent({ keepAlive: true, timeout: 4_000, maxSockets: 1024, maxFreeSockets: 1024 });
const token = `sb-lean-${randomBytes(16).toString('hex')}`;
const expected = Buffer.from(`Bearer ${token}`);
const breaker = createCircuitBreaker({ now: Date.now });
const route = { provider: 'openai', method: 'api-key', transport: 'openai-chat', upstreamId: BENCH_MODEL };
const usedUp = new Map();
let credential = { at: 0, key: '' };
const keyOf = () => {
  const now = Date.now();
  if (now - credential.at > 1_000) credential = { at: now, key: UPSTREAM_KEY };
  return credential.key;
};
let acceptedHost;

const refuse = (outgoing, status) => {
  outgoing.writeHead(status, { 'content-type': 'application/json' });
  outgoing.end('{"error":{"message":"refused"}}');
};

const server = createServer((incoming, outgoing) => {
  const arrivedAt = performance.now();
  if (incoming.method !== 'POST' || incoming.url !== '/v1/chat/completions') return refuse(outgoing, 404);
  const host = incoming.headers.host;
  if (host !== acceptedHost) {
    if (!/^(127\.0\.0\.1|localhost):\d+$/.test(host ?? '')) return refuse(outgoing, 421);
    acceptedHost = host;
  }
  const presented = Buffer.from(incoming.headers.authorization ?? '');
  if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) return refuse(outgoing, 401);
  const id = randomUUID();
  const chunks = [];
  let size = 0;
  incoming.on('data', (chunk) => {
    size += chunk.length;
    if (size > BODY_LIMIT) incoming.destroy();
    else chunks.push(chunk);
  });
  incoming.on('end', () => {
    const body = scanJsonBody(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size));
    if (!body) return refuse(outgoing, 400);
    const model = body.member('model');
    const stream = body.member('stream') === true;
    if (usedUp.has(model) || !breaker.tryAcquire()) return refuse(outgoing, 503);
    const includeUsage = body.member('stream_options') === undefined;
    const pieces = body.splice({ model: route.upstreamId, includeUsage });
    let length = 0;
    for (const piece of pieces) length += piece.length;
    const upstream = request({
      host: '127.0.0.1',
      port: upstreamPort,
      method: 'POST',
      path: '/openai/v1/chat/completions',
      agent,
      headers: {
        'content-type': 'application/json',
        accept: 'text/event-stream',
        authorization: `Bearer ${keyOf()}`,
        'content-length': length,
      },
    });
    const firstByte = setTimeout(() => upstream.destroy(new Error('no first byte')), TIMEOUT_MS);
    let done = false;
    const finish = (status, usage, errorCode) => {
      if (done) return;
      done = true;
      void usageLog.append({
        time: new Date().toISOString(),
        provider: route.provider,
        model,
        route: { method: route.method, transport: route.transport, upstreamId: route.upstreamId },
        inputTokens: usage?.inputTokens ?? 0,
        outputTokens: usage?.outputTokens ?? 0,
        costUsd: 0,
        outcome: errorCode ? 'error' : 'ok',
        ...(errorCode ? { errorCode } : {}),
      });
      logger.info(
        {
          reqId: id,
          method: 'POST',
          path: '/v1/chat/completions',
          status,
          model,
          stream,
          provider: route.provider,
          authMethod: route.method,
          durationMs: Number((performance.now() - arrivedAt).toFixed(3)),
          ...(errorCode ? { errorCode } : {}),
        },
        'request',
      );
    };
    upstream.on('error', () => {
      clearTimeout(firstByte);
      breaker.recordFailure();
      if (outgoing.headersSent) outgoing.destroy();
      else refuse(outgoing, 502);
      finish(502, undefined, 'NETWORK');
    });
    outgoing.on('close', () => {
      if (outgoing.writableFinished) return;
      upstream.destroy();
      finish(499, undefined, 'CANCELLED');
    });
    upstream.on('response', (answer) => {
      clearTimeout(firstByte);
      if (answer.statusCode !== 200) {
        answer.resume();
        breaker.recordFailure();
        refuse(outgoing, 502);
        return finish(502, undefined, 'UPSTREAM');
      }
      breaker.recordSuccess();
      const scanner = createWireByteScanner({ wire: 'openai-chat', stripUsageChunk: includeUsage, secrets: [] });
      outgoing.writeHead(200, {
        'content-type': answer.headers['content-type'] ?? 'text/event-stream',
        'cache-control': 'no-cache',
        'x-request-id': id,
        'x-switchboard-provider': route.provider,
        'x-switchboard-method': route.method,
        'x-switchboard-overhead-ms': (performance.now() - arrivedAt).toFixed(3),
      });
      const idle = setTimeout(() => answer.destroy(new Error('idle')), TIMEOUT_MS);
      const resume = () => answer.resume();
      answer.on('data', (chunk) => {
        idle.refresh();
        const out = scanner.feed(chunk) ?? chunk;
        if (out.length > 0 && !outgoing.write(out)) {
          answer.pause();
          outgoing.once('drain', resume);
        }
      });
      answer.on('end', () => {
        clearTimeout(idle);
        const rest = scanner.flush();
        outgoing.end(rest.length > 0 ? rest : undefined);
        finish(200, scanner.usage, scanner.completed ? undefined : 'STREAM_INTERRUPTED');
      });
    });
    for (let index = 0; index < pieces.length - 1; index += 1) upstream.write(pieces[index]);
    upstream.end(pieces.at(-1));
  });
});
server.keepAliveTimeout = 30_000;
server.requestTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: server.address().port, token, pid: process.pid })}\n`);
});
const stop = () =>
  server.close(async () => {
    await usageLog.close();
    await logging.close();
    await rm(home, { recursive: true, force: true });
    process.exit(0);
  });
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
