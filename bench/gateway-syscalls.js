#!/usr/bin/env node
// System calls per streamed request: Switchboard's gateway against the bare node:http proxy of
// the same hop, in the same run (strace -c -f attached to each process while 2,000 streamed
// requests at 50 concurrent clients go through it). Tells kernel work (the same for both when
// the counts match) from user-space work (the rest of `CPU ms/req` in bench/gateway.js).
// Needs strace (Debian: apt-get install -y strace) and ptrace permission; build first.
// Usage: node bench/gateway-syscalls.js [requests]
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { BENCH_MODEL, MESSAGES } from './gateway/bench-config.js';
import { closedLoop, createAgent } from './gateway/http-load.js';
import { startJsonProcess, stopProcess } from './gateway/processes.js';
import { printTable } from './lib/stats.js';

const requests = Number(process.argv[2] ?? 2000);
if (spawnSync('strace', ['-V']).status !== 0) {
  console.error('bench/gateway-syscalls.js needs strace on PATH (Debian: apt-get install -y strace).');
  process.exit(2);
}
const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const children = [];
try {
  const upstream = await startJsonProcess([here('./gateway/upstream-process.js')]);
  children.push(upstream.child);
  const switchboard = await startJsonProcess([here('./gateway/switchboard-process.js'), String(upstream.info.port)]);
  children.push(switchboard.child);
  const bare = await startJsonProcess([here('./gateway/bare-proxy-process.js'), String(upstream.info.port)]);
  children.push(bare.child);
  const body = (stream) => JSON.stringify({ model: BENCH_MODEL, messages: MESSAGES, stream });
  const targets = [
    { name: 'bare-proxy', info: bare.info, authorization: 'Bearer bench-local-token' },
    { name: 'switchboard', info: switchboard.info, authorization: `Bearer ${switchboard.info.token}` },
  ].map(({ name, info, authorization }) => ({
    name,
    pid: info.pid,
    port: info.port,
    path: '/v1/chat/completions',
    headers: { authorization },
    body,
    expect: '',
  }));
  const agent = createAgent();
  for (const target of targets)
    await closedLoop(agent, target, true, { concurrency: 50, durationMs: 1_000, maxRequests: 1_000 });

  const counts = new Map();
  for (const target of targets) {
    const strace = spawn('strace', ['-c', '-f', '-p', String(target.pid)], { stdio: ['ignore', 'ignore', 'pipe'] });
    let report = '';
    strace.stderr.on('data', (chunk) => (report += chunk));
    // strace prints "attached" once it has the process; wait for that before sending load.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const { samples } = await closedLoop(agent, target, true, {
      concurrency: 50,
      durationMs: 120_000,
      maxRequests: requests,
    });
    strace.kill('SIGINT');
    await new Promise((resolve) => strace.once('exit', resolve));
    const failed = samples.filter((sample) => !sample.ok).length;
    if (failed > 0) throw new Error(`${failed} ${target.name} requests failed`);
    for (const line of report.split('\n')) {
      const fields = line.trim().split(/\s+/);
      // "% time  seconds  usecs/call  calls  [errors]  syscall"
      if (fields.length < 5 || !/^\d/.test(fields[0]) || fields.at(-1) === 'total') continue;
      const name = fields.at(-1);
      const row = counts.get(name) ?? {};
      row[target.name] = Number(fields[3]) / samples.length;
      counts.set(name, row);
    }
  }
  const rows = [...counts]
    .map(([name, row]) => [name, row['bare-proxy'] ?? 0, row['switchboard'] ?? 0])
    .filter(([, bareCount, switchboardCount]) => bareCount >= 0.01 || switchboardCount >= 0.01)
    .sort((a, b) => b[2] - a[2]);
  const total = (index) => rows.reduce((sum, row) => sum + row[index], 0);
  console.log(`\nSystem calls per streamed request (${requests} requests, 50 concurrent, strace -c -f)`);
  printTable(
    ['syscall', 'bare-proxy', 'switchboard'],
    [...rows, ['total', total(1), total(2)]].map(([name, bareCount, switchboardCount]) => [
      name,
      bareCount.toFixed(2),
      switchboardCount.toFixed(2),
    ]),
  );
} finally {
  for (const child of children) await stopProcess(child);
}
