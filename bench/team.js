#!/usr/bin/env node
// The team server's model traffic against the local gateway on the same fake upstream, in one
// run: sequential latency of the OpenAI endpoint (`/v1/chat/completions`, personal API key) and
// of the team chat (`/api/chat`, the AI SDK UI message stream, stored conversation) beside the
// local gateway's; then many chat streams at once: throughput, latency, the server's peak RSS and
// CPU per request.
// Usage (after `npm run build`): node bench/team.js [--seq N] [--duration MS] [--levels 200,1000]
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ANSWER_TEXT, BENCH_MODEL, MESSAGES } from './gateway/bench-config.js';
import { closedLoop, createAgent, sequential } from './gateway/http-load.js';
import { cpuTimeMs, createProcessGroup, peakRssMb } from './gateway/processes.js';
import { percentile, printTable } from './lib/stats.js';

const { values: options } = parseArgs({
  options: {
    seq: { type: 'string', default: '300' },
    duration: { type: 'string', default: '4000' },
    levels: { type: 'string', default: '200,1000' },
  },
});
const sequentialCount = Number(options.seq);
const durationMs = Number(options.duration);
const levels = options.levels.split(',').map(Number);
const here = (path) => fileURLToPath(new URL(path, import.meta.url));

const processes = createProcessGroup();

try {
  const upstream = await processes.start([here('./gateway/upstream-process.js')]);
  const local = await processes.start([here('./gateway/switchboard-process.js'), String(upstream.info.port)]);
  const team = await processes.start([here('./gateway/team-process.js'), String(upstream.info.port)]);

  const openaiBody = (stream) => JSON.stringify({ model: BENCH_MODEL, messages: MESSAGES, stream });
  const chatBody = () =>
    JSON.stringify({
      id: `bench-${randomUUID()}`,
      model: BENCH_MODEL,
      messages: [{ id: 'u1', role: 'user', parts: [{ type: 'text', text: MESSAGES[0].content }] }],
    });
  const targets = [
    {
      name: 'local gateway /v1/chat/completions',
      port: local.info.port,
      path: '/v1/chat/completions',
      headers: { authorization: `Bearer ${local.info.token}` },
      body: openaiBody,
      expect: ANSWER_TEXT,
      pid: local.info.pid,
      stream: true,
    },
    {
      name: 'team /v1/chat/completions',
      port: team.info.port,
      path: '/v1/chat/completions',
      headers: { authorization: `Bearer ${team.info.apiKey}` },
      body: openaiBody,
      expect: ANSWER_TEXT,
      pid: team.info.pid,
      stream: true,
    },
    {
      name: 'team /api/chat (UI message stream)',
      port: team.info.port,
      path: '/api/chat',
      headers: { authorization: `Bearer ${team.info.apiKey}` },
      body: chatBody,
      expect: ANSWER_TEXT,
      pid: team.info.pid,
      stream: true,
    },
  ];

  const agent = createAgent();
  for (const target of targets) await sequential(agent, target, target.stream, 20); // warm-up
  const rows = [];
  for (const target of targets) {
    const samples = await sequential(agent, target, target.stream, sequentialCount);
    const ok = samples.filter((sample) => sample.ok);
    const totals = ok.map((sample) => sample.total);
    rows.push([
      target.name,
      `${ok.length}/${samples.length}`,
      percentile(totals, 50).toFixed(2),
      percentile(totals, 99).toFixed(2),
    ]);
  }
  console.log(`Sequential streamed requests (${sequentialCount} each), time to the end of the answer:\n`);
  printTable(['endpoint', 'ok', 'p50 ms', 'p99 ms'], rows);

  const concurrentRows = [];
  for (const level of levels) {
    for (const target of [targets[0], targets[2]]) {
      const before = cpuTimeMs(target.pid);
      const run = await closedLoop(createAgent(), target, true, {
        concurrency: level,
        durationMs,
        maxRequests: level * 200,
      });
      const cpu = cpuTimeMs(target.pid) - before;
      const ok = run.samples.filter((sample) => sample.ok);
      const totals = ok.map((sample) => sample.total);
      concurrentRows.push([
        target.name,
        level,
        `${ok.length}/${run.samples.length}`,
        ((ok.length / run.elapsedMs) * 1000).toFixed(0),
        percentile(totals, 50).toFixed(1),
        percentile(totals, 99).toFixed(1),
        (cpu / Math.max(1, ok.length)).toFixed(3),
        peakRssMb(target.pid).toFixed(0),
      ]);
    }
  }
  console.log(`\nConcurrent streams (closed loop, ${durationMs} ms each):\n`);
  printTable(['endpoint', 'streams', 'ok', 'req/s', 'p50 ms', 'p99 ms', 'CPU ms/req', 'peak RSS MB'], concurrentRows);
  console.log(`\nNode ${process.version}. The local gateway row is the same-run baseline.`);
} finally {
  await processes.stopAll();
}
