import { readEventLog, summarizeEvents, type ProviderEventStats } from '@switchboard/core';
import type { CliIo } from '../cli-io.js';
import { writeJsonLine } from '../io/json-line.js';
import { openCliSwitchboard } from './open-cli-switchboard.js';
import { parseSince } from './parse-since.js';

const percent = (value: number | null) => (value === null ? '—' : `${(value * 100).toFixed(1)}%`);
const ms = (value: number | null) => (value === null ? '—' : String(value));

/**
 * `sb auth stats [--since 30d] [--json]`: per provider over the period, the switch success rate
 * and latency percentiles and the refresh success rate (adopted refreshes count as successes),
 * from the event log of every process — the figures the 99 % auth-switch target is judged by.
 */
export async function runAuthStats(io: CliIo, options: { json?: boolean; since?: string }): Promise<number> {
  const since = parseSince(options.since ?? '30d', io.now());
  const { paths, config } = await openCliSwitchboard(io);
  const { entries, unreadableLines } = readEventLog(paths.eventLog, { since });
  if (unreadableLines > 0)
    io.stderr.write(`sb: skipped ${unreadableLines} unreadable line(s) of ${paths.eventLog} (left as they are).\n`);
  const stats = summarizeEvents(entries);
  if (options.json) {
    writeJsonLine(io.stdout, { since: new Date(since).toISOString(), events: entries.length, providers: stats });
    return 0;
  }
  io.stdout.write(`Auth events since ${new Date(since).toISOString()}: ${entries.length}\n`);
  if (stats.length === 0) return 0;
  const header = ['provider', 'switches', 'ok', 'p50 ms', 'p95 ms', 'p99 ms', 'refreshes', 'ok', 'logins', 'expired'];
  const rows = stats.map((item: ProviderEventStats) => [
    config.providers[item.provider as keyof typeof config.providers]?.name ?? item.provider,
    String(item.switches.attempts),
    percent(item.switches.successRate),
    ms(item.switches.p50Ms),
    ms(item.switches.p95Ms),
    ms(item.switches.p99Ms),
    String(item.refreshes.attempts),
    percent(item.refreshes.successRate),
    `${item.logins.succeeded}/${item.logins.attempts}`,
    String(item.expired),
  ]);
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => row[column]!.length)));
  for (const row of [header, ...rows])
    io.stdout.write(
      `${row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ')}\n`,
    );
  return 0;
}
