#!/usr/bin/env node
// Where the gateway's CPU goes to garbage collection: the local gateway (startLocalGateway, the
// same code `sb serve --local` runs) in this process, the fake upstream and a closed-loop load
// client (N streamed requests, C at a time) in their own processes, so this process's CPU and
// GC time are the gateway's alone. Run it under the V8 flags to compare, e.g.:
//   node --max-semi-space-size=16 bench/gateway-gc.js                   # sb serve's semi-space
//   node --max-semi-space-size=16 bench/gateway-gc.js --heap-growing 20 # and its heap growth
//   node bench/gateway-gc.js                                            # V8's defaults
//   node bench/gateway-gc.js --allocations 25                          # who allocates what
//   node bench/gateway-gc.js --survivors 25                            # whose objects outlive scavenges
// Usage: node [flags] bench/gateway-gc.js [--requests N] [--warm-up N] [--concurrency C]
//        [--heap-growing P] [--allocations TOP | --survivors TOP] [--allocation-profile FILE.heapprofile]
// (after `npm run build`). Prints one JSON line: CPU and GC milliseconds per request, GC counts by
// kind, how much the old generation grew across scavenges (what they promoted, per request and
// the median per scavenge), peak RSS. With --allocations, V8's sampling heap profiler also counts
// the objects scavenges and full collections freed (what a request allocates and drops is what
// makes the collections), and the TOP functions allocating the most are printed, in bytes per
// request; with --survivors it leaves out what scavenges freed, so what is printed is what lived
// long enough to be promoted (or is still alive). The profiler's own cost makes the CPU figure
// of such a run meaningless.
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Session } from 'node:inspector/promises';
import { PerformanceObserver, constants } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import { openSwitchboard } from '@switchboard/core';
import { startLocalGateway } from '@switchboard/server';
import { BENCH_MODEL, MESSAGES, UPSTREAM_KEY, benchConfigToml } from './gateway/bench-config.js';

const { values: options } = parseArgs({
  options: {
    requests: { type: 'string', default: '20000' },
    concurrency: { type: 'string', default: '200' },
    'heap-growing': { type: 'string' },
    'warm-up': { type: 'string', default: '3000' },
    allocations: { type: 'string' },
    survivors: { type: 'string' },
    'allocation-profile': { type: 'string' },
  },
});
if (options['heap-growing']) setFlagsFromString(`--heap-growing-percent=${Number(options['heap-growing'])}`);
const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const CLIENT = here('./gateway/closed-loop-client.cjs');

const upstream = spawn(process.execPath, [here('./gateway/upstream-process.js')], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
const { port } = JSON.parse(
  String((await createInterface({ input: upstream.stdout })[Symbol.asyncIterator]().next()).value),
);
const home = await mkdtemp(join(tmpdir(), 'sb-bench-gc-'));
await writeFile(join(home, 'config.toml'), benchConfigToml(port));
const environment = { SWITCHBOARD_HOME: home, HOME: home, SWITCHBOARD_AUTH_STORE: 'file' };
const switchboard = await openSwitchboard({ environment, storeKind: 'file' });
await switchboard.auth.login('openai', { method: 'api-key', apiKey: UPSTREAM_KEY });
const gateway = await startLocalGateway({ environment, port: 0, storeKind: 'file' });

const body = JSON.stringify({ model: BENCH_MODEL, messages: MESSAGES, stream: true });
const load = (count) =>
  new Promise((resolve, reject) => {
    // The load client, in its own process; the token goes over stdin, never argv.
    const client = spawn(process.execPath, [CLIENT, String(gateway.port), String(count), options.concurrency], {
      stdio: ['pipe', 'inherit', 'inherit'],
    });
    client.stdin.end(JSON.stringify({ token: gateway.token, body }));
    client.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`load client exited ${code}`))));
  });

const count = Number(options.requests);
await load(Number(options['warm-up']));
const KINDS = {
  [constants.NODE_PERFORMANCE_GC_MINOR]: 'minor',
  [constants.NODE_PERFORMANCE_GC_MAJOR]: 'major',
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weak callbacks',
};
const gc = {};
/** Bytes in use in the old generation (old, code and large-object spaces). */
const oldGeneration = () =>
  getHeapSpaceStatistics()
    .filter((space) => ['old_space', 'code_space', 'large_object_space'].includes(space.space_name))
    .reduce((sum, space) => sum + space.space_used_size, 0);
// What each scavenge promoted, read as the old generation's growth from one collection to the next.
const promoted = [];
let oldBefore = oldGeneration();
const observer = new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    const kind = KINDS[entry.detail?.kind] ?? 'other';
    gc[kind] ??= { count: 0, ms: 0 };
    gc[kind].count += 1;
    gc[kind].ms += entry.duration;
    const oldNow = oldGeneration();
    if (kind === 'minor') promoted.push(Math.max(0, oldNow - oldBefore));
    oldBefore = oldNow;
  }
});
observer.observe({ entryTypes: ['gc'] });
const profiled = options.allocations ?? options.survivors;
const session = profiled === undefined ? undefined : new Session();
if (session) {
  session.connect();
  await session.post('HeapProfiler.startSampling', {
    samplingInterval: 1024,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: options.survivors === undefined,
  });
}
const before = process.cpuUsage();
await load(count);
const cpu = process.cpuUsage(before);
if (session) {
  const { profile } = await session.post('HeapProfiler.stopSampling');
  session.disconnect();
  printAllocations(profile, Number(profiled), options.survivors === undefined ? 'Allocated' : 'Outlived a scavenge');
  if (options['allocation-profile']) await writeFile(options['allocation-profile'], JSON.stringify(profile));
}
await new Promise((resolve) => setTimeout(resolve, 100));
observer.disconnect();
const perRequest = (ms) => Number((ms / count).toFixed(4));
process.stdout.write(
  `${JSON.stringify({
    node: process.version,
    flags: [
      ...process.execArgv,
      ...(options['heap-growing'] ? [`--heap-growing-percent=${options['heap-growing']}`] : []),
    ],
    requests: count,
    concurrency: Number(options.concurrency),
    cpuMsPerRequest: perRequest((cpu.user + cpu.system) / 1000),
    gcMsPerRequest: Object.fromEntries(Object.entries(gc).map(([kind, { ms }]) => [kind, perRequest(ms)])),
    gcCounts: Object.fromEntries(Object.entries(gc).map(([kind, { count: n }]) => [kind, n])),
    promotedKbPerRequest: Number((promoted.reduce((sum, bytes) => sum + bytes, 0) / 1024 / count).toFixed(2)),
    promotedKbPerScavengeMedian: Math.round((promoted.sort((a, b) => a - b)[promoted.length >> 1] ?? 0) / 1024),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  })}\n`,
);
await gateway.close();
upstream.kill('SIGTERM');

/** The functions that allocated the most while the load ran (self bytes), per request. */
function printAllocations(profile, top, what) {
  const bytes = new Map();
  let total = 0;
  const visit = (node) => {
    const frame = node.callFrame;
    const file = frame.url.replace(/^.*\/(packages|node_modules)\//, '$1/');
    const name = `${frame.functionName || '(anonymous)'} ${file}:${frame.lineNumber + 1}`;
    bytes.set(name, (bytes.get(name) ?? 0) + node.selfSize);
    total += node.selfSize;
    for (const child of node.children) visit(child);
  };
  visit(profile.head);
  const rows = [...bytes].sort((left, right) => right[1] - left[1]).slice(0, top);
  process.stdout.write(`${what}, per request: ${Math.round(total / count)} bytes (sampled); by function:\n`);
  for (const [name, size] of rows) process.stdout.write(`${String(Math.round(size / count)).padStart(8)}  ${name}\n`);
}
await rm(home, { recursive: true, force: true });
process.exit(0);
