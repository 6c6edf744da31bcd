#!/usr/bin/env node
// `npm run bench`: every benchmark in bench/, one after another (never in parallel: they would
// measure each other), each in its own Node process with its default settings. Extra arguments
// are not passed on; run a script directly to change its settings. Build first (`npm run build`).
// Exits non-zero when any benchmark fails, after running the rest.
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';

const BENCHMARKS = [
  'cold-start.js',
  'switch-latency.js',
  'runtime-overhead.js',
  'runtime-forward.js',
  'stream-scanner.js',
  'event-log-writer.js',
  'team.js',
  'team-sign-in.js',
  'team-instances.js',
  'tui.js',
  'web-first-load.js',
  'gateway.js',
  'gateway-rounds.js',
  'gateway-sequential.js',
  'gateway-gc.js',
  'gateway-gc-trace.js',
  'gateway-syscalls.js',
];

/** What a benchmark needs besides Node, checked first so a missing tool is said, not a failure. */
const NEEDS = { 'gateway-syscalls.js': 'strace' };
const notRun = [];

const failed = [];
for (const name of BENCHMARKS) {
  const script = fileURLToPath(new URL(`./${name}`, import.meta.url));
  const load = loadavg()
    .map((value) => value.toFixed(2))
    .join(', ');
  console.log(`\n=== bench/${name} (load average ${load}) ===`);
  const tool = NEEDS[name];
  if (tool && spawnSync(tool, ['-V']).status !== 0) {
    console.log(`Not run: needs ${tool} on PATH.`);
    notRun.push(`${name} (needs ${tool})`);
    continue;
  }
  const result = spawnSync(process.execPath, [script], { stdio: 'inherit' });
  if (result.status !== 0) failed.push(`${name} (${result.signal ?? `exit ${result.status}`})`);
}
if (notRun.length > 0) console.log(`\nNot run: ${notRun.join(', ')}`);
if (failed.length > 0) {
  console.error(`\nFailed: ${failed.join(', ')}`);
  process.exit(1);
}
