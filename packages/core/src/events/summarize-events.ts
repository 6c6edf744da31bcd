import type { EventLogEntry } from './event-log-entry.js';

/** Switch and refresh figures of one provider over a period (what `sb auth stats` shows). */
export interface ProviderEventStats {
  provider: string;
  switches: {
    attempts: number;
    succeeded: number;
    successRate: number | null;
    p50Ms: number | null;
    p95Ms: number | null;
    p99Ms: number | null;
  };
  /** Refreshes by this process or adopted from another one count as succeeded. */
  refreshes: { attempts: number; succeeded: number; adopted: number; successRate: number | null };
  logins: { attempts: number; succeeded: number };
  expired: number;
}

function percentile(sorted: readonly number[], fraction: number): number | null {
  if (sorted.length === 0) return null;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1));
  return sorted[index]!;
}

const rate = (succeeded: number, attempts: number): number | null => (attempts === 0 ? null : succeeded / attempts);

/** Per-provider switch success rate and latency percentiles, refresh success rate, logins. */
export function summarizeEvents(entries: readonly EventLogEntry[]): ProviderEventStats[] {
  const byProvider = new Map<string, EventLogEntry[]>();
  for (const entry of entries) {
    if (!entry.provider) continue;
    const list = byProvider.get(entry.provider) ?? [];
    list.push(entry);
    byProvider.set(entry.provider, list);
  }
  return [...byProvider]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([provider, list]) => {
      const count = (kind: EventLogEntry['kind']) => list.filter((entry) => entry.kind === kind).length;
      const switchLatencies = list
        .filter((entry) => entry.kind === 'switch.succeeded' && typeof entry.latencyMs === 'number')
        .map((entry) => entry.latencyMs!)
        .sort((a, b) => a - b);
      const switched = count('switch.succeeded');
      const switchAttempts = switched + count('switch.failed');
      const refreshed = count('refresh.succeeded');
      const adopted = count('refresh.adopted');
      const refreshAttempts = refreshed + adopted + count('refresh.failed');
      const loggedIn = count('login.succeeded');
      return {
        provider,
        switches: {
          attempts: switchAttempts,
          succeeded: switched,
          successRate: rate(switched, switchAttempts),
          p50Ms: percentile(switchLatencies, 0.5),
          p95Ms: percentile(switchLatencies, 0.95),
          p99Ms: percentile(switchLatencies, 0.99),
        },
        refreshes: {
          attempts: refreshAttempts,
          succeeded: refreshed + adopted,
          adopted,
          successRate: rate(refreshed + adopted, refreshAttempts),
        },
        logins: { attempts: loggedIn + count('login.failed'), succeeded: loggedIn },
        expired: count('session.expired'),
      };
    });
}
