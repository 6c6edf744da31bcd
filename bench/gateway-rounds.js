#!/usr/bin/env node
// The gateway's CPU per streamed request against the bare node:http proxy, measured in rounds:
// one run of bench/gateway.js takes one sample of each, and on a shared 2-core machine two
// identical Switchboard processes differ by up to a third, so one sample cannot tell a change of
// 10 % from noise. Here the fake upstream, the bare proxy and `--gateways` Switchboard gateways
// (`sb serve --local`, as a user runs it) start once; then, `--rounds` times, each takes
// `--requests` streamed requests from a closed-loop client (its own process, `--concurrency` at a
// time) in turn, its user and system CPU read from /proc before and after (and its main thread's,
// the rest being V8's and libuv's helper threads). Prints every sample, then the medians and the
// ratio to the bare proxy's. Build first (`npm run build`).
// `--baseline <dir>` adds as many gateways of another build (a copy of packages/cli, e.g. made with
// `cp -r packages/cli/{bin,bundle,package.json} <dir>` before a change, <dir> inside the repository
// so its imports resolve) to compare a change with the code before it in the same run.
// As many floor gateways run beside them (bench/gateway/floor-process.js: Switchboard's HTTP
// handling with a runtime that only sends, under `sb serve`'s V8 flags and environment): what the gateway would
// cost if its routing duties cost nothing. `--no-floor` leaves them out. `--lean` adds as many
// lean references (bench/gateway/lean-process.js: the same duties as one callback-driven handler).
// Usage: node bench/gateway-rounds.js [--rounds 5] [--requests 8000] [--concurrency 200] [--gateways 2]
//        [--baseline <dir>] [--no-floor] [--lean] [--body-kb N]
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { SERVE_V8_FLAGS, serveEnvironment } from '../packages/cli/bin/serve-process.js';
import { BENCH_MODEL, MESSAGES } from './gateway/bench-config.js';
import { createProcessGroup, peakRssMb } from './gateway/processes.js';
import { median, printTable } from './lib/stats.js';

const { values: options } = parseArgs({
  allowNegative: true,
  options: {
    rounds: { type: 'string', default: '5' },
    requests: { type: 'string', default: '8000' },
    concurrency: { type: 'string', default: '200' },
    'body-kb': { type: 'string' },
    gateways: { type: 'string', default: '2' },
    baseline: { type: 'string' },
    floor: { type: 'boolean', default: true },
    lean: { type: 'boolean', default: false },
  },
});
const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const requests = Number(options.requests);

/** User and system CPU in ms of a /proc stat line (clock ticks of 10 ms). */
function ticksOf(stat) {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { user: Number(fields[11]) * 10, system: Number(fields[12]) * 10 };
}

/**
 * User and system CPU a live process has used so far, in ms (Linux /proc), and its main
 * thread's share (the rest is V8's helper threads — garbage collection, compiling — and libuv's pool).
 */
function cpuOf(pid) {
  const whole = ticksOf(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  const main = ticksOf(readFileSync(`/proc/${pid}/task/${pid}/stat`, 'utf8'));
  return { ...whole, main: main.user + main.system };
}

const processes = createProcessGroup();
// What a process says on stderr once started (a failed upstream request, a warning) is shown.
const group = {
  async start(args, env) {
    const started = await processes.start(args, env ? { env } : undefined);
    started.child.stderr.on('data', (data) => process.stderr.write(data));
    return started;
  },
  stopAll: () => processes.stopAll(),
};
const upstream = await group.start([here('./gateway/upstream-process.js')]);
const upstreamPort = String(upstream.info.port);
const bare = await group.start([here('./gateway/bare-proxy-process.js'), upstreamPort]);
const targets = [
  {
    name: 'bare-proxy',
    port: bare.info.port,
    token: 'unused',
    pid: bare.info.pid ?? bare.child.pid,
    samples: [],
    main: [],
  },
];
const sb = (launcher) => [here('./gateway/switchboard-process.js'), upstreamPort, ...launcher];
const builds = [{ name: 'switchboard', args: sb([]) }];
if (options.baseline) builds.push({ name: 'baseline', args: sb([resolvePath(options.baseline, 'bin/sb.js')]) });
if (options.floor)
  builds.push({
    name: 'floor',
    args: [...SERVE_V8_FLAGS, here('./gateway/floor-process.js'), upstreamPort],
    env: serveEnvironment(process.env),
  });
if (options.lean)
  builds.push({
    name: 'lean',
    args: [...SERVE_V8_FLAGS, here('./gateway/lean-process.js'), upstreamPort],
    env: serveEnvironment(process.env),
  });
for (let index = 1; index <= Number(options.gateways); index += 1) {
  for (const build of builds) {
    const gateway = await group.start(build.args, build.env);
    const { port, token, pid } = gateway.info;
    targets.push({ name: `${build.name}-${index}`, build: build.name, port, token, pid, samples: [], main: [] });
  }
}

// `--body-kb N`: a prompt N KB long, as coding agents send their whole conversation each turn.
const prompt = options['body-kb']
  ? 'Say something short. '.repeat((Number(options['body-kb']) * 1024) / 21)
  : undefined;
const messages = prompt ? [{ role: 'user', content: prompt }] : MESSAGES;
const body = JSON.stringify({ model: BENCH_MODEL, messages, stream: true });
function load(target, count) {
  return new Promise((resolve, reject) => {
    const client = spawn(
      process.execPath,
      [here('./gateway/closed-loop-client.cjs'), String(target.port), String(count), options.concurrency],
      { stdio: ['pipe', 'inherit', 'inherit'] },
    );
    // The token goes over stdin, never argv.
    client.stdin.end(JSON.stringify({ token: target.token, body }));
    client.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`the load client of ${target.name} exited ${code}`)),
    );
  });
}

const fixed = (value) => value.toFixed(3);
try {
  for (const target of targets) await load(target, Math.min(3000, requests)); // warm-up
  const rows = [];
  for (let round = 1; round <= Number(options.rounds); round += 1) {
    for (const target of targets) {
      const before = cpuOf(target.pid);
      const started = performance.now();
      await load(target, requests);
      const seconds = (performance.now() - started) / 1000;
      const after = cpuOf(target.pid);
      const user = (after.user - before.user) / requests;
      const system = (after.system - before.system) / requests;
      const main = (after.main - before.main) / requests;
      target.samples.push(user + system);
      target.main.push(main);
      rows.push([
        round,
        target.name,
        fixed(user),
        fixed(system),
        fixed(user + system),
        fixed(main),
        fixed(user + system - main),
        Math.round(requests / seconds),
      ]);
    }
  }
  printTable(
    ['round', 'target', 'user ms/req', 'system ms/req', 'CPU ms/req', 'main thread', 'helper threads', 'req/s'],
    rows,
  );

  const bareMedian = median(targets[0].samples);
  const allOf = (build) => {
    const samples = targets.filter((target) => target.build === build.name).flatMap((target) => target.samples);
    return [
      `${build.name} (all)`,
      fixed(median(samples)),
      fixed(Math.min(...samples)),
      fixed(Math.max(...samples)),
      `${(median(samples) / bareMedian).toFixed(2)}×`,
      '',
      '',
    ];
  };
  console.log(
    `\nMedians over ${options.rounds} rounds (${requests} streamed requests each, ${options.concurrency} at a time)`,
  );
  printTable(
    ['target', 'CPU ms/req median', 'min', 'max', 'vs bare proxy', 'main thread median', 'peak RSS MB'],
    [
      ...targets.map((target) => [
        target.name,
        fixed(median(target.samples)),
        fixed(Math.min(...target.samples)),
        fixed(Math.max(...target.samples)),
        `${(median(target.samples) / bareMedian).toFixed(2)}×`,
        fixed(median(target.main)),
        Math.round(peakRssMb(target.pid)),
      ]),
      ...builds.map(allOf),
    ],
  );
  console.log(`Goal: ≤ 1.5× the bare proxy's CPU per streamed request. Node ${process.version}, ${process.platform}.`);
} finally {
  await group.stopAll();
}
