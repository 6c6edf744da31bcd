#!/usr/bin/env node
// What the garbage collector does in each gateway process under the same load: `sb serve --local`
// as a user runs it (its launcher's V8 flags and environment, the gateway in one process), the
// lean reference and the bare proxy, each started in turn with `--trace-gc-nvp`, given a warm-up
// and then `--requests` streamed requests from the closed-loop client, `--rounds` times. For the
// measured requests it prints the process's CPU per request (/proc/<pid>/stat), the scavenges and
// mark-compacts, what each scavenge found alive (survived) and moved to the old generation
// (promoted), and what was allocated per request. What survives a scavenge is what the process
// keeps while its streams are open; what is promoted is what it keeps for longer, and that is
// what makes mark-compacts. `--baseline <dir>` adds another build's `sb` (a copy of packages/cli,
// as for bench/gateway-rounds.js). Build first (`npm run build`).
// Usage: node bench/gateway-gc-trace.js [--rounds 2] [--requests 12000] [--warm-up 20000]
//        [--concurrency 200] [--baseline <dir>] [--no-lean] [--no-bare]
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve as resolvePath } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openSwitchboard } from '@switchboard/core';
import { ensureLocalToken } from '@switchboard/server';
import { SERVE_V8_FLAGS, serveEnvironment } from '../packages/cli/bin/serve-process.js';
import { BENCH_MODEL, MESSAGES, UPSTREAM_KEY, benchConfigToml } from './gateway/bench-config.js';
import { cpuTimeMs, stopProcess } from './gateway/processes.js';
import { median, printTable } from './lib/stats.js';

const { values: options } = parseArgs({
  allowNegative: true,
  options: {
    rounds: { type: 'string', default: '2' },
    requests: { type: 'string', default: '12000' },
    'warm-up': { type: 'string', default: '20000' },
    concurrency: { type: 'string', default: '200' },
    baseline: { type: 'string' },
    lean: { type: 'boolean', default: true },
    bare: { type: 'boolean', default: true },
  },
});
const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const requests = Number(options.requests);
const MEASURED = '#### measured';

/** Starts `node args…`; resolves with the child, its first JSON line, and its stdout lines from then on. */
function start(args, env) {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'], env });
  const lines = [];
  return new Promise((resolve, reject) => {
    let info;
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (info === undefined && line.startsWith('{')) {
        info = JSON.parse(line);
        resolve({ child, info, lines });
      } else lines.push(line);
    });
    child.once('exit', (code) => reject(new Error(`${args.at(-1)} exited with ${code} before it was ready`)));
  });
}

const upstream = await start([here('./gateway/upstream-process.js')]);
const upstreamPort = String(upstream.info.port);
const home = await mkdtemp(join(tmpdir(), 'sb-bench-gc-trace-'));
await writeFile(join(home, 'config.toml'), benchConfigToml(upstreamPort));
const environment = serveEnvironment({
  SWITCHBOARD_HOME: home,
  HOME: home,
  SWITCHBOARD_AUTH_STORE: 'file',
  PATH: process.env.PATH ?? '',
});
const switchboard = await openSwitchboard({ environment, storeKind: 'file' });
await switchboard.auth.login('openai', { method: 'api-key', apiKey: UPSTREAM_KEY });
const { token } = await ensureLocalToken(switchboard.store);

// `sb serve` with SERVE_V8_FLAGS already given runs the gateway in this process (no launcher).
const sb = (launcher) => [...SERVE_V8_FLAGS, '--trace-gc-nvp', launcher, 'serve', '--local', '--port', '0', '--json'];
const targets = [{ name: 'switchboard', args: sb(here('../packages/cli/bin/sb.js')) }];
if (options.baseline) targets.push({ name: 'baseline', args: sb(resolvePath(options.baseline, 'bin/sb.js')) });
if (options.lean)
  targets.push({
    name: 'lean',
    args: [...SERVE_V8_FLAGS, '--trace-gc-nvp', here('./gateway/lean-process.js'), upstreamPort],
  });
if (options.bare)
  targets.push({ name: 'bare-proxy', args: ['--trace-gc-nvp', here('./gateway/bare-proxy-process.js'), upstreamPort] });

const body = JSON.stringify({ model: BENCH_MODEL, messages: MESSAGES, stream: true });
function load(port, bearer, count) {
  return new Promise((resolve, reject) => {
    const client = spawn(
      process.execPath,
      [here('./gateway/closed-loop-client.cjs'), String(port), String(count), options.concurrency],
      { stdio: ['pipe', 'inherit', 'inherit'] },
    );
    // The token goes over stdin, never argv.
    client.stdin.end(JSON.stringify({ token: bearer, body }));
    client.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`the load client exited ${code}`))));
  });
}

/** The `--trace-gc-nvp` lines after the marker, summed: one line per collection. */
function collections(lines) {
  const measured = lines.slice(lines.indexOf(MEASURED) + 1).filter((line) => / gc=\w+ /.test(line));
  const field = (line, name) => Number(new RegExp(`\\s${name}=([0-9.]+)`).exec(line)?.[1] ?? 0);
  const scavenges = measured.filter((line) => / gc=s /.test(line));
  const sum = (name) => scavenges.reduce((total, line) => total + field(line, name), 0);
  return {
    scavenges: scavenges.length,
    markCompacts: measured.filter((line) => / gc=mc /.test(line)).length,
    survivedKb: sum('new_space_survived') / 1024 / Math.max(1, scavenges.length),
    promotedKb: sum('promoted') / 1024 / Math.max(1, scavenges.length),
    allocatedKbPerRequest: sum('allocated') / 1024 / requests,
    pauseMs: sum('pause'),
  };
}

const rows = [];
const results = new Map(targets.map((target) => [target.name, []]));
try {
  for (let round = 1; round <= Number(options.rounds); round += 1) {
    for (const target of targets) {
      const env = target.name === 'bare-proxy' ? process.env : environment;
      const started = await start(target.args, env);
      const port = started.info.port ?? Number(new URL(started.info.url).port);
      const bearer = started.info.token ?? token;
      const pid = started.info.pid ?? started.child.pid;
      try {
        await load(port, bearer, Number(options['warm-up']));
        // Marks where the measured requests start in the trace (stdout is one ordered stream).
        started.lines.push(MEASURED);
        const before = cpuTimeMs(pid);
        await load(port, bearer, requests);
        const cpuMs = (cpuTimeMs(pid) - before) / requests;
        // The last collection's line may still be on its way.
        await new Promise((resolve) => setTimeout(resolve, 200));
        const gc = collections(started.lines);
        results.get(target.name).push({ cpuMs, ...gc });
        rows.push([
          round,
          target.name,
          cpuMs.toFixed(3),
          gc.scavenges,
          gc.markCompacts,
          gc.survivedKb.toFixed(0),
          gc.promotedKb.toFixed(0),
          gc.allocatedKbPerRequest.toFixed(1),
          gc.pauseMs.toFixed(0),
        ]);
      } finally {
        await stopProcess(started.child);
      }
    }
  }
} finally {
  await stopProcess(upstream.child);
  await rm(home, { recursive: true, force: true });
}
console.log(
  `\n${requests} streamed requests at ${options.concurrency} after ${options['warm-up']}, under --trace-gc-nvp (its own cost included)`,
);
printTable(
  [
    'round',
    'target',
    'CPU ms/req',
    'scavenges',
    'mark-compacts',
    'survived KB/scavenge',
    'promoted KB/scavenge',
    'allocated KB/req',
    'GC pause ms',
  ],
  rows,
);
const bare = results.get('bare-proxy');
if (bare?.length) {
  const bareMedian = median(bare.map((result) => result.cpuMs));
  console.log('\nCPU per request, median, against the bare proxy:');
  for (const [name, list] of results) {
    const value = median(list.map((result) => result.cpuMs));
    console.log(`  ${name}: ${value.toFixed(3)} ms (${(value / bareMedian).toFixed(2)}×)`);
  }
}
