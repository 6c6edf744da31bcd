#!/usr/bin/env node
// The runtime's same-wire pass-through alone: `runtime.forward` as the local gateway calls it for
// an OpenAI chat request on an `openai-chat` route (route plan, credential from an encrypted file
// store, breaker, attempt, the upstream request prepared, first bytes, relay with the byte
// scanner, usage line), with the upstream answered in process by a canned stream (no sockets,
// no HTTP) and the relayed bytes dropped. `C` requests at a time, as the gateway holds them, so
// what each keeps alive while in flight counts as it does there. Its CPU per request is what
// the runtime adds to the gateway's HTTP work; with no network in the way, it moves by a few
// percent between runs, so a change to the runtime can be measured here in seconds.
// Usage: node [--max-semi-space-size=16] bench/runtime-forward.js [--requests N] [--concurrency C] [--body-kb N]
// (after `npm run build`). Prints one JSON line.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import { Readable, Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import {
  createCatalog,
  createProviderRegistry,
  createRuntime,
  createUsageLog,
  openSwitchboard,
  scanJsonBody,
} from '@switchboard/core';
import { ANSWER_CHUNKS, BENCH_MODEL, MESSAGES, UPSTREAM_KEY, benchConfigToml } from './gateway/bench-config.js';

const { values: options } = parseArgs({
  options: {
    requests: { type: 'string', default: '100000' },
    concurrency: { type: 'string', default: '200' },
    'body-kb': { type: 'string' },
  },
});
const count = Number(options.requests);
const concurrency = Number(options.concurrency);

/** The fake upstream's answer in OpenAI's chat stream format, with the usage chunk asked for. */
function cannedStream() {
  const chunk = (delta, finish, usage) =>
    `data: ${JSON.stringify({
      id: 'chatcmpl-bench',
      object: 'chat.completion.chunk',
      created: 1,
      model: BENCH_MODEL,
      choices: usage ? [] : [{ index: 0, delta, finish_reason: finish }],
      usage: usage ?? null,
    })}\n\n`;
  const events = [
    chunk({ role: 'assistant', content: '' }, null),
    ...ANSWER_CHUNKS.map((content) => chunk({ content }, null)),
    chunk({}, 'stop'),
    chunk(undefined, undefined, { prompt_tokens: 12, completion_tokens: 8, total_tokens: 20 }),
    'data: [DONE]\n\n',
  ];
  // As a socket hands it over: the first event alone, the rest in one read.
  return [Buffer.from(events[0]), Buffer.from(events.slice(1).join(''))];
}
const CANNED = cannedStream();

const home = await mkdtemp(join(tmpdir(), 'sb-bench-runtime-forward-'));
await writeFile(join(home, 'config.toml'), benchConfigToml(9));
const environment = { SWITCHBOARD_HOME: home, HOME: home, SWITCHBOARD_AUTH_STORE: 'file' };
const switchboard = await openSwitchboard({ environment, storeKind: 'file' });
await switchboard.auth.login('openai', { method: 'api-key', apiKey: UPSTREAM_KEY });
const raw = switchboard.config.raw;
const runtime = createRuntime({
  catalog: createCatalog({ customModels: raw['models'], endpoints: raw['endpoints'] }),
  registry: createProviderRegistry(),
  config: switchboard.config,
  currentConfig: () => switchboard.configOwner.latest(),
  auth: switchboard.auth,
  environment: switchboard.environment,
  usageLog: createUsageLog({ path: switchboard.paths.usageLog }),
  // The upstream: checks what a real one would need, answers at once.
  sendUpstream: (url, post) => {
    if (post.headers.authorization !== `Bearer ${UPSTREAM_KEY}`) throw new Error('no key sent upstream');
    return Promise.resolve({
      status: 200,
      headers: { 'content-type': 'text/event-stream' },
      body: Readable.from(CANNED, { objectMode: false }),
    });
  },
});

// `--body-kb N` makes the prompt N KB long: coding agents send their whole conversation each turn.
const prompt = options['body-kb'] ? 'x'.repeat(Number(options['body-kb']) * 1024) : undefined;
// As the gateway hands it over: the caller's bytes, their top level scanned (once per request there).
const bodyBytes = Buffer.from(
  JSON.stringify({
    model: BENCH_MODEL,
    messages: prompt ? [{ role: 'user', content: prompt }] : MESSAGES,
    stream: true,
  }),
);
let relayedBytes = 0;
async function one() {
  const controller = new AbortController();
  const forwarded = await runtime.forward({
    model: BENCH_MODEL,
    signal: controller.signal,
    neutral: () => {
      throw new Error('a same-wire request is never converted');
    },
    wire: 'openai-chat',
    body: scanJsonBody(bodyBytes),
    stream: true,
    headers: {},
    encodeError: () => '',
  });
  if (forwarded.type !== 'passthrough-node-stream') throw new Error(`unexpected answer ${forwarded.type}`);
  const sink = new Writable({
    write(chunk, _encoding, callback) {
      relayedBytes += chunk.length;
      callback();
    },
  });
  forwarded.pipe(sink);
  const outcome = await forwarded.ended;
  if (outcome.error || outcome.cancelled) throw new Error(`the stream failed: ${outcome.error?.message}`);
}

async function run(total) {
  let started = 0;
  const lane = async () => {
    while (started < total) {
      started += 1;
      await one();
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, lane));
}

await run(Math.min(20_000, count)); // warm-up
let gcMs = 0;
const observer = new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcMs += entry.duration;
});
observer.observe({ entryTypes: ['gc'] });
relayedBytes = 0;
const before = process.cpuUsage();
const startedAt = performance.now();
await run(count);
const cpu = process.cpuUsage(before);
const seconds = (performance.now() - startedAt) / 1000;
observer.disconnect();
const expected = CANNED.reduce((sum, part) => sum + part.length, 0) * count;
// The usage chunk the runtime asked for is dropped on the way back.
if (relayedBytes <= 0 || relayedBytes >= expected) throw new Error(`relayed ${relayedBytes} of ${expected} bytes`);
await runtime.flush?.();
process.stdout.write(
  `${JSON.stringify({
    node: process.version,
    flags: process.execArgv,
    requests: count,
    concurrency,
    cpuUsPerRequest: Number(((cpu.user + cpu.system) / count).toFixed(2)),
    gcUsPerRequest: Number(((gcMs * 1000) / count).toFixed(2)),
    requestsPerSecond: Math.round(count / seconds),
  })}\n`,
);
await rm(home, { recursive: true, force: true });
process.exit(0);
