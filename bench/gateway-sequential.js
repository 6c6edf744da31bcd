#!/usr/bin/env node
// One request at a time, as a single agent or a person sends them: the latency of non-streamed
// requests and the gateway's CPU per request, Switchboard (`sb serve --local`) against the bare
// node:http proxy, in rounds that take turns so the machine's drift hits both alike. At this load
// nothing is shared between requests (no batched log write, no warm caches from the previous
// request), so fixed costs per request show that `bench/gateway.js`'s 200 streams hide.
// `--baseline <dir>` adds another build (a copy of packages/cli, as in bench/gateway-rounds.js).
// Usage: node bench/gateway-sequential.js [--rounds 8] [--requests 250] [--baseline <dir>]
// (after `npm run build`). Prints one table: p50 latency, CPU ms per request.
import { readFileSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ANSWER_TEXT, BENCH_MODEL, MESSAGES } from './gateway/bench-config.js';
import { createAgent, sequential } from './gateway/http-load.js';
import { createProcessGroup } from './gateway/processes.js';
import { median, printTable } from './lib/stats.js';

const { values: options } = parseArgs({
  options: {
    rounds: { type: 'string', default: '8' },
    requests: { type: 'string', default: '250' },
    baseline: { type: 'string' },
  },
});
const here = (path) => fileURLToPath(new URL(path, import.meta.url));

/** User and system CPU a live process has used so far, in ms (Linux /proc, clock ticks of 10 ms). */
function cpuOf(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

const processes = createProcessGroup();
try {
  const upstream = await processes.start([here('./gateway/upstream-process.js')]);
  const upstreamPort = String(upstream.info.port);
  const started = [['bare-proxy', await processes.start([here('./gateway/bare-proxy-process.js'), upstreamPort])]];
  started.push(['switchboard', await processes.start([here('./gateway/switchboard-process.js'), upstreamPort])]);
  if (options.baseline) {
    const launcher = resolvePath(options.baseline, 'bin/sb.js');
    started.push([
      'baseline',
      await processes.start([here('./gateway/switchboard-process.js'), upstreamPort, launcher]),
    ]);
  }
  const body = (stream) => JSON.stringify({ model: BENCH_MODEL, messages: MESSAGES, stream });
  const targets = started.map(([name, { info, child }]) => ({
    name,
    pid: info.pid ?? child.pid,
    port: info.port,
    path: '/v1/chat/completions',
    // The token goes over a pipe from the process that made it, never argv.
    headers: { authorization: `Bearer ${info.token ?? 'unused'}` },
    body,
    expect: ANSWER_TEXT.slice(0, 11),
    latencies: [],
    cpuMs: 0,
    count: 0,
  }));
  const agent = createAgent();
  for (const target of targets) await sequential(agent, target, false, 300); // warm-up
  const perRound = Number(options.requests);
  for (let round = 0; round < Number(options.rounds); round += 1) {
    for (const target of targets) {
      const before = cpuOf(target.pid);
      const samples = await sequential(agent, target, false, perRound);
      target.cpuMs += cpuOf(target.pid) - before;
      target.count += perRound;
      if (samples.some((sample) => !sample.ok)) throw new Error(`${target.name} answered a request wrongly`);
      target.latencies.push(...samples.map((sample) => sample.total));
    }
  }
  const bareLatency = median(targets[0].latencies);
  console.log(`Sequential non-streamed requests (${options.rounds} rounds × ${perRound} each, in turn)`);
  printTable(
    ['target', 'p50 ms', 'vs bare proxy', 'CPU ms/req'],
    targets.map((target) => {
      const latency = median(target.latencies);
      const gap = latency - bareLatency;
      return [
        target.name,
        latency.toFixed(3),
        target === targets[0] ? '' : `${gap >= 0 ? '+' : ''}${gap.toFixed(3)} ms`,
        (target.cpuMs / target.count).toFixed(3),
      ];
    }),
  );
  console.log(`Node ${process.version}, ${process.platform}.`);
} finally {
  await processes.stopAll();
}
