#!/usr/bin/env node
// What the gateway's pass-through pays to watch a streamed answer (its usage, its clean end,
// in-band errors, the usage-only chunk it asked for and the caller did not): the stream scanner
// (core's createWireByteScanner) reading a whole answer as one piece, per stream, against a
// baseline in the same run: the same bytes copied once (Buffer.from), what any relay that keeps
// a piece pays. The answers are the testkit fake upstream's, as bench/gateway.js streams them:
// OpenAI chat chunks (with the usage chunk) and an Anthropic Messages stream, eight deltas each.
// Prints microseconds per stream (median of the rounds). Build first (`npm run build`).
// Usage: node bench/stream-scanner.js [--streams 100000] [--rounds 7]
import { parseArgs } from 'node:util';
import { startFakeUpstream } from '@switchboard/testkit';
// Not part of core's public API: the module the runtime uses, from the build.
import { createWireByteScanner } from '../packages/core/dist/runtime/wire-byte-scanner.js';
import { ANSWER_CHUNKS, BENCH_MODEL, MESSAGES, UPSTREAM_KEY } from './gateway/bench-config.js';
import { median, printTable } from './lib/stats.js';

const { values: options } = parseArgs({
  options: {
    streams: { type: 'string', default: '100000' },
    rounds: { type: 'string', default: '7' },
  },
});
const streams = Number(options.streams);
const rounds = Number(options.rounds);

const upstream = await startFakeUpstream({
  recordRequests: false,
  defaultBehavior: { kind: 'text', chunks: ANSWER_CHUNKS, usage: { inputTokens: 12, outputTokens: 8 } },
});
/** One streamed answer of the fake upstream, as bytes. */
async function answerOf(url, headers, body) {
  const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`the fake upstream answered ${response.status}`);
  return Buffer.from(await response.arrayBuffer());
}
const answers = {
  'openai-chat': await answerOf(
    `${upstream.baseUrls.openai}/chat/completions`,
    { authorization: `Bearer ${UPSTREAM_KEY}`, 'content-type': 'application/json' },
    { model: BENCH_MODEL, messages: MESSAGES, stream: true, stream_options: { include_usage: true } },
  ),
  'anthropic-messages': await answerOf(
    `${upstream.baseUrls.anthropic}/messages`,
    { 'x-api-key': UPSTREAM_KEY, 'anthropic-version': '2023-06-01', 'content-type': 'application/json' },
    { model: 'claude-bench', max_tokens: 64, messages: MESSAGES, stream: true },
  ),
};
await upstream.close();

/** Microseconds per stream of `once`, timed over `streams` streams. */
function timePerStream(once) {
  const started = process.hrtime.bigint();
  for (let index = 0; index < streams; index += 1) once();
  return Number(process.hrtime.bigint() - started) / 1_000 / streams;
}

const rows = [];
for (const [wire, bytes] of Object.entries(answers)) {
  const scan = () => {
    const scanner = createWireByteScanner({ wire, stripUsageChunk: true, secrets: [] });
    scanner.feed(bytes);
    scanner.flush();
    if (scanner.usage === undefined || !scanner.completed) throw new Error(`the ${wire} answer was not read`);
  };
  const copy = () => Buffer.from(bytes);
  // One untimed round each: the optimizing compiler has settled before anything is measured.
  timePerStream(scan);
  timePerStream(copy);
  const scanned = [];
  const copied = [];
  for (let round = 0; round < rounds; round += 1) {
    scanned.push(timePerStream(scan));
    copied.push(timePerStream(copy));
  }
  const scanMedian = median(scanned);
  const copyMedian = median(copied);
  rows.push([
    wire,
    String(bytes.length),
    scanMedian.toFixed(2),
    copyMedian.toFixed(2),
    `${(scanMedian / copyMedian).toFixed(1)}×`,
  ]);
}
console.log(`Stream scanner, µs per whole answer (median of ${rounds} rounds of ${streams} streams)`);
printTable(['wire', 'bytes', 'scanner µs', 'copy µs (baseline)', 'scanner / copy'], rows);
console.log(`Node ${process.version}, ${process.platform}.`);
