#!/usr/bin/env node
// Switch latency: AuthManager.switchProvider → config.toml durably written (lock, validate,
// temp + fsync + rename), N switches, beside a plain atomic file write of the same bytes.
// Usage: node bench/switch-latency.js [switches=10000]   (after `npm run build`)
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openSwitchboard, writeFileAtomic } from '@switchboard/core';
import { percentile, printTable } from './lib/stats.js';

const count = Number(process.argv[2] ?? 10_000);
const home = await mkdtemp(join(tmpdir(), 'sb-bench-switch-'));
try {
  const sb = await openSwitchboard({ environment: { SWITCHBOARD_HOME: home, HOME: home }, storeKind: 'file' });
  await sb.auth.login('anthropic', { method: 'api-key', apiKey: 'sk-ant-bench-key-0000000000' });
  await sb.auth.login('mistral', { method: 'api-key', apiKey: 'mistral-bench-key-00000000000' });
  const providers = ['anthropic', 'mistral'];

  const switchTimes = [];
  for (let index = 0; index < count; index++) {
    const started = performance.now();
    await sb.auth.switchProvider(providers[index % 2]);
    switchTimes.push(performance.now() - started);
  }
  const active = await sb.auth.activeProvider();
  if (active?.provider !== providers[(count - 1) % 2])
    throw new Error(`last switch not persisted: ${JSON.stringify(active)}`);

  const configText = await readFile(sb.paths.config, 'utf8');
  const baselinePath = join(home, 'baseline.toml');
  const baselineTimes = [];
  for (let index = 0; index < count; index++) {
    const started = performance.now();
    await writeFileAtomic(baselinePath, configText);
    baselineTimes.push(performance.now() - started);
  }

  const row = (name, times) => [
    name,
    times.length,
    percentile(times, 50).toFixed(3),
    percentile(times, 99).toFixed(3),
    (times.reduce((a, b) => a + b, 0) / times.length).toFixed(3),
  ];
  printTable(
    ['operation', 'n', 'p50 ms', 'p99 ms', 'mean ms'],
    [row('atomic write (baseline)', baselineTimes), row('switchProvider', switchTimes)],
  );
  console.log(
    `\nswitchProvider p50 = ${(percentile(switchTimes, 50) / percentile(baselineTimes, 50)).toFixed(2)}× baseline p50; goal p99 ≤ 5 ms (spec allowed 500 ms).`,
  );
} finally {
  await rm(home, { recursive: true, force: true });
}
