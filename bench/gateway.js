#!/usr/bin/env node
// Gateway overhead, throughput and memory: the same fake upstream reached directly, through a
// bare node:http proxy of the same hop (the floor of a Node gateway: the baseline the goals are
// ratios to), through Switchboard's local gateway and through Portkey's open-source gateway, in
// one run.
// Every process is separate and listens on 127.0.0.1 only; every load phase is bounded in
// count and time.
//
// Usage (after `npm run build`):
//   node bench/gateway.js [--seq N] [--duration MS] [--warmup MS] [--levels 200,500] [--no-portkey]
//     --seq       sequential requests per target and mode (default 1000, interleaved in rounds)
//     --duration  measured time of each target's concurrent run, ms (default 5000, after the
//                 warm-up), taken in five slices interleaved with the other targets'
//     --warmup    each target's concurrent warm-up, ms (default 1000); longer measures a process
//                 whose JIT compiler has settled (a running gateway's usual state)
//     --levels    concurrent stream counts (default 200,500)
// Portkey is installed into $PORTKEY_BENCH_DIR (default /tmp/portkey-bench) on first use.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ANSWER_TEXT, BENCH_MODEL, MESSAGES, UPSTREAM_KEY } from './gateway/bench-config.js';
import { closedLoop, createAgent, sequential } from './gateway/http-load.js';
import {
  cpuTimeMs,
  createProcessGroup,
  ensurePortkey,
  freePort,
  peakRssMb,
  PORTKEY_VERSION,
  waitForHttp,
} from './gateway/processes.js';
import { percentile, printTable } from './lib/stats.js';

const { values: options } = parseArgs({
  options: {
    seq: { type: 'string', default: '1000' },
    duration: { type: 'string', default: '5000' },
    levels: { type: 'string', default: '200,500' },
    warmup: { type: 'string', default: '1000' },
    'no-portkey': { type: 'boolean', default: false },
  },
});
const sequentialCount = Number(options.seq);
const durationMs = Number(options.duration);
const warmupMs = Number(options.warmup);
// Lowest first: a process's peak RSS read after a level is then that level's (and below).
const levels = options.levels
  .split(',')
  .map(Number)
  .sort((a, b) => a - b);
const here = (path) => fileURLToPath(new URL(path, import.meta.url));

const processes = createProcessGroup();

try {
  const upstream = await processes.start([here('./gateway/upstream-process.js')]);
  const upstreamPort = upstream.info.port;
  const switchboard = await processes.start([here('./gateway/switchboard-process.js'), String(upstreamPort)]);
  // SB_BENCH_BARE_NODE_OPTIONS="--cpu-prof --cpu-prof-dir=/tmp/prof-bare" profiles the bare proxy the same way.
  const bareFlags = process.env.SB_BENCH_BARE_NODE_OPTIONS?.split(/\s+/).filter(Boolean) ?? [];
  const bare = await processes.start([...bareFlags, here('./gateway/bare-proxy-process.js'), String(upstreamPort)]);

  const body = (stream) => JSON.stringify({ model: BENCH_MODEL, messages: MESSAGES, stream });
  const targets = [
    {
      name: 'direct',
      port: upstreamPort,
      path: '/openai/v1/chat/completions',
      headers: { authorization: `Bearer ${UPSTREAM_KEY}` },
      body,
      expect: ANSWER_TEXT,
      pid: undefined,
    },
    {
      name: 'bare-proxy',
      port: bare.info.port,
      path: '/v1/chat/completions',
      headers: { authorization: 'Bearer bench-local-token' },
      body,
      expect: ANSWER_TEXT,
      pid: bare.info.pid,
    },
    {
      name: 'switchboard',
      port: switchboard.info.port,
      path: '/v1/chat/completions',
      headers: { authorization: `Bearer ${switchboard.info.token}` },
      body,
      expect: ANSWER_TEXT,
      pid: switchboard.info.pid,
    },
  ];

  let portkeyNote = '';
  let portkey;
  if (!options['no-portkey']) {
    try {
      const script = ensurePortkey(process.env.PORTKEY_BENCH_DIR ?? join(tmpdir(), 'portkey-bench'));
      const port = await freePort();
      const child = (await import('node:child_process')).spawn(
        process.execPath,
        ['--import', here('./gateway/bind-loopback.mjs'), script, '--headless', `--port=${port}`],
        { stdio: 'ignore', env: { ...process.env, NODE_ENV: 'production' } },
      );
      processes.track(child);
      await waitForHttp(`http://127.0.0.1:${port}/`);
      portkey = child;
      targets.push({
        name: 'portkey',
        port,
        path: '/v1/chat/completions',
        headers: {
          authorization: `Bearer ${UPSTREAM_KEY}`,
          'x-portkey-provider': 'openai',
          'x-portkey-custom-host': `http://127.0.0.1:${upstreamPort}/openai/v1`,
        },
        body,
        expect: ANSWER_TEXT,
        pid: child.pid,
      });
    } catch (error) {
      portkeyNote = `Portkey skipped: ${error.message}`;
      console.log(portkeyNote);
    }
  }

  const agent = createAgent();
  // Each target must answer correctly before anything is measured.
  for (const target of targets) {
    for (const stream of [false, true]) {
      const [sample] = await sequential(agent, target, stream, 1);
      if (!sample.ok) throw new Error(`${target.name} answered ${sample.status} (stream=${stream}); nothing measured.`);
    }
  }

  // Sequential: interleaved rounds so drift on a shared machine hits every target alike.
  const rounds = 10;
  const perRound = Math.max(1, Math.floor(sequentialCount / rounds));
  const sequentialResults = new Map(targets.map((target) => [target.name, { plain: [], streamed: [] }]));
  for (const target of targets) {
    await sequential(agent, target, false, 200);
    await sequential(agent, target, true, 200);
  }
  for (let round = 0; round < rounds; round++) {
    for (const target of targets) {
      const result = sequentialResults.get(target.name);
      result.plain.push(...(await sequential(agent, target, false, perRound)));
      result.streamed.push(...(await sequential(agent, target, true, perRound)));
    }
  }

  // Concurrent streams: a warm-up of each target (1 s unless --warmup), then `durationMs`
  // measured per target in interleaved slices (as the sequential rounds above are), so a burst
  // of load from elsewhere on a shared machine falls on every target alike instead of on
  // whichever ran at that moment. A target's CPU is read across all of its slices, the time it
  // sat idle between them included.
  const concurrentResults = new Map();
  /** Peak RSS (MB) of each process after each level's run. */
  const rssAt = new Map();
  const slices = 5;
  for (const concurrency of levels) {
    const runs = new Map();
    for (const target of targets) {
      await closedLoop(agent, target, true, { concurrency, durationMs: warmupMs, maxRequests: 1_000_000 });
      // CPU the gateway process spends per streamed request (the upstream's for `direct`).
      runs.set(target.name, {
        pid: target.pid ?? upstream.child.pid,
        cpuBefore: 0,
        samples: [],
        elapsedMs: 0,
        cpuMs: 0,
      });
    }
    for (const run of runs.values()) run.cpuBefore = cpuTimeMs(run.pid);
    for (let slice = 0; slice < slices; slice++) {
      for (const target of targets) {
        const run = runs.get(target.name);
        const part = await closedLoop(agent, target, true, {
          concurrency,
          durationMs: durationMs / slices,
          maxRequests: 1_000_000,
        });
        run.samples.push(...part.samples);
        run.elapsedMs += part.elapsedMs;
      }
    }
    for (const [name, run] of runs) {
      run.cpuMs = cpuTimeMs(run.pid) - run.cpuBefore;
      concurrentResults.set(`${name}@${concurrency}`, run);
    }
    // Each process's peak so far: the peak at this many streams (levels run lowest first).
    rssAt.set(concurrency, {
      switchboard: peakRssMb(switchboard.info.pid),
      'bare-proxy': peakRssMb(bare.info.pid),
      portkey: portkey ? peakRssMb(portkey.pid) : Number.NaN,
      upstream: peakRssMb(upstream.child.pid),
    });
  }
  agent.destroy();

  const failures = (samples) => samples.filter((sample) => !sample.ok).length;
  const fmt = (value, digits = 2) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');
  const direct = sequentialResults.get('direct');
  const base = {
    plain50: percentile(
      direct.plain.map((s) => s.total),
      50,
    ),
    plain99: percentile(
      direct.plain.map((s) => s.total),
      99,
    ),
    ttfb50: percentile(
      direct.streamed.map((s) => s.ttfb),
      50,
    ),
    ttfb99: percentile(
      direct.streamed.map((s) => s.ttfb),
      99,
    ),
  };

  console.log(`\nSequential (${perRound * rounds} requests per target and mode, ${rounds} interleaved rounds; ms)`);
  printTable(
    [
      'target',
      'non-stream p50',
      'p99',
      'overhead p50',
      'overhead p99',
      'stream TTFB p50',
      'p99',
      'TTFB overhead p50',
      'TTFB overhead p99',
      'failed',
    ],
    targets.map(({ name }) => {
      const result = sequentialResults.get(name);
      const plain50 = percentile(
        result.plain.map((s) => s.total),
        50,
      );
      const plain99 = percentile(
        result.plain.map((s) => s.total),
        99,
      );
      const ttfb50 = percentile(
        result.streamed.map((s) => s.ttfb),
        50,
      );
      const ttfb99 = percentile(
        result.streamed.map((s) => s.ttfb),
        99,
      );
      const isBase = name === 'direct';
      return [
        name,
        fmt(plain50),
        fmt(plain99),
        isBase ? '—' : `+${fmt(plain50 - base.plain50)}`,
        isBase ? '—' : `+${fmt(plain99 - base.plain99)}`,
        fmt(ttfb50),
        fmt(ttfb99),
        isBase ? '—' : `+${fmt(ttfb50 - base.ttfb50)}`,
        isBase ? '—' : `+${fmt(ttfb99 - base.ttfb99)}`,
        failures(result.plain) + failures(result.streamed),
      ];
    }),
  );

  const reported = sequentialResults.get('switchboard');
  console.log(
    `x-switchboard-overhead-ms (Switchboard's own account, upstream time excluded), p50: non-stream ${fmt(
      percentile(
        reported.plain.map((s) => s.reportedOverhead),
        50,
      ),
      3,
    )} ms, stream at first byte ${fmt(
      percentile(
        reported.streamed.map((s) => s.reportedOverhead),
        50,
      ),
      3,
    )} ms`,
  );

  console.log(
    `\nConcurrent streams (${durationMs} ms measured per target, in ${slices} slices interleaved with the other targets, after a ${warmupMs / 1000} s warm-up)`,
  );
  const rows = [];
  for (const concurrency of levels) {
    const switchboardRate = throughput(concurrentResults.get(`switchboard@${concurrency}`));
    const portkeyRun = concurrentResults.get(`portkey@${concurrency}`);
    for (const { name } of targets) {
      const run = concurrentResults.get(`${name}@${concurrency}`);
      const rate = throughput(run);
      rows.push([
        concurrency,
        name,
        Math.round(rate),
        fmt(
          percentile(
            run.samples.map((s) => s.total),
            50,
          ),
          1,
        ),
        fmt(
          percentile(
            run.samples.map((s) => s.total),
            99,
          ),
          1,
        ),
        fmt(run.cpuMs / Math.max(1, run.samples.length), 3),
        failures(run.samples),
        name === 'switchboard' && portkeyRun ? `${fmt(switchboardRate / throughput(portkeyRun), 1)}× Portkey` : '',
      ]);
    }
  }
  printTable(['streams', 'target', 'req/s', 'p50 ms', 'p99 ms', 'CPU ms/req', 'failed', ''], rows);
  console.log('CPU ms/req: user+system CPU of the gateway process per request (of the upstream process for direct).');

  console.log('\nPeak RSS (VmHWM, MB), read after each level (levels run lowest first)');
  printTable(
    ['process', ...levels.map((level) => `up to ${level} streams`)],
    Object.keys(rssAt.get(levels[0])).map((name) => [name, ...levels.map((level) => fmt(rssAt.get(level)[name], 0))]),
  );
  const goalLevel = levels.includes(200) ? 200 : levels[0];
  const rss = rssAt.get(goalLevel);
  const plainP50 = (name) =>
    percentile(
      sequentialResults.get(name).plain.map((s) => s.total),
      50,
    );
  const cpuPerRequest = (name) => {
    const run = concurrentResults.get(`${name}@${goalLevel}`);
    return run.cpuMs / Math.max(1, run.samples.length);
  };
  const rate = (name) => throughput(concurrentResults.get(`${name}@${goalLevel}`));
  const cpuRatio = cpuPerRequest('switchboard') / cpuPerRequest('bare-proxy');
  const rateRatio = rate('switchboard') / rate('bare-proxy');
  const overheadGap = plainP50('switchboard') - plainP50('bare-proxy');
  const verdict = (met) => (met ? 'met' : 'MISSED');
  console.log(`\nGoals against the bare node:http proxy, same run (${goalLevel} concurrent streams)`);
  printTable(
    ['measure', 'switchboard', 'bare proxy', 'ratio / gap', 'goal', ''],
    [
      [
        'CPU ms per streamed request',
        fmt(cpuPerRequest('switchboard'), 3),
        fmt(cpuPerRequest('bare-proxy'), 3),
        `${fmt(cpuRatio)}×`,
        '≤ 1.5×',
        verdict(cpuRatio <= 1.5),
      ],
      [
        'streams per second',
        Math.round(rate('switchboard')),
        Math.round(rate('bare-proxy')),
        `${fmt(rateRatio)}×`,
        '≥ 0.75×',
        verdict(rateRatio >= 0.75),
      ],
      [
        'non-stream p50 ms',
        fmt(plainP50('switchboard')),
        fmt(plainP50('bare-proxy')),
        `+${fmt(overheadGap)} ms`,
        '≤ +0.2 ms',
        verdict(overheadGap <= 0.2),
      ],
      [
        'peak RSS MB',
        fmt(rss.switchboard, 0),
        fmt(rss['bare-proxy'], 0),
        '',
        '≤ 150 MB',
        verdict(rss.switchboard <= 150),
      ],
    ],
  );
  console.log(`\nNode ${process.version}, ${process.platform}; Portkey ${portkey ? PORTKEY_VERSION : 'not run'}.`);
  if (portkeyNote) console.log(portkeyNote);
} finally {
  await processes.stopAll();
}

function throughput(run) {
  const completed = run.samples.filter((sample) => sample.ok).length;
  return completed / (run.elapsedMs / 1000);
}
