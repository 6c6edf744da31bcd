import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { median, percentile, printTable } from './stats.js';

/**
 * Wall time of fresh Node processes, interleaved round by round so drift hits every row alike.
 * Each row: `{ name, args, env?, exitCode? }` (args after the node binary). Returns a Map of the
 * measured times (ms) per row name, warm-up rounds left out. Throws when a row exits otherwise.
 */
export function timeProcesses(rows, { runs, warmups, env = process.env }) {
  const times = new Map(rows.map((row) => [row.name, []]));
  for (let round = 0; round < warmups + runs; round++) {
    for (const row of rows) {
      const started = performance.now();
      const result = spawnSync(process.execPath, row.args, {
        env: { ...env, ...row.env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const elapsed = performance.now() - started;
      if (result.status !== (row.exitCode ?? 0))
        throw new Error(`${row.name} exited ${result.status}: ${result.stderr}`);
      if (round >= warmups) times.get(row.name).push(elapsed);
    }
  }
  return times;
}

/**
 * Prints one row per measured process: runs, median and p90 ms, and its relation to the
 * `baseline` row (`compare(median, baselineMedian)`: a ratio, a difference…).
 */
export function printTimes(times, { label, baseline, compareHeader, compare }) {
  const baselineMedian = median(times.get(baseline));
  printTable(
    [label, 'runs', 'median ms', 'p90 ms', compareHeader],
    [...times].map(([name, values]) => [
      name,
      values.length,
      median(values).toFixed(1),
      percentile(values, 90).toFixed(1),
      compare(median(values), baselineMedian),
    ]),
  );
}
