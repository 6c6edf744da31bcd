import { formatAgentSession } from './agent-session.js';
import type { UsageEntry } from './usage-entry.js';

/** Totals of a group of requests. */
export interface UsageTotals {
  requests: number;
  errors: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

/** What `sb usage` shows: totals by provider, by model and by day (UTC). */
export interface UsageSummary {
  total: UsageTotals;
  byProvider: Array<{ provider: string } & UsageTotals>;
  byModel: Array<{ model: string } & UsageTotals>;
  /** Oldest first; `day` is `YYYY-MM-DD` in UTC. */
  byDay: Array<{ day: string } & UsageTotals>;
  /** Requests made in an agent session, by session (`name.id`); others are not listed here. */
  byAgent: Array<{ agent: string } & UsageTotals>;
}

const emptyTotals = (): UsageTotals => ({ requests: 0, errors: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 });

function add(totals: UsageTotals, entry: UsageEntry): void {
  totals.requests += 1;
  if (entry.outcome === 'error') totals.errors += 1;
  totals.inputTokens += entry.inputTokens;
  totals.outputTokens += entry.outputTokens;
  totals.costUsd = Math.round((totals.costUsd + entry.costUsd) * 1_000_000) / 1_000_000;
}

/**
 * Sums usage entries by provider (the one that served), model and UTC day. Providers and
 * models are listed by cost, then by requests, then by name.
 * @param options.since only entries at or after this time.
 */
export function summarizeUsage(entries: readonly UsageEntry[], options: { since?: Date } = {}): UsageSummary {
  const since = options.since?.getTime();
  const total = emptyTotals();
  const providers = new Map<string, UsageTotals>();
  const models = new Map<string, UsageTotals>();
  const days = new Map<string, UsageTotals>();
  const agents = new Map<string, UsageTotals>();
  const group = (map: Map<string, UsageTotals>, key: string): UsageTotals => {
    let totals = map.get(key);
    if (!totals) {
      totals = emptyTotals();
      map.set(key, totals);
    }
    return totals;
  };
  for (const entry of entries) {
    const time = Date.parse(entry.time);
    if (Number.isNaN(time) || (since !== undefined && time < since)) continue;
    add(total, entry);
    add(group(providers, entry.provider), entry);
    add(group(models, entry.model), entry);
    add(group(days, new Date(time).toISOString().slice(0, 10)), entry);
    if (entry.agent) add(group(agents, formatAgentSession(entry.agent)), entry);
  }
  const byCost = <K extends string>(key: K, map: Map<string, UsageTotals>) =>
    [...map.entries()]
      .sort(
        ([leftName, left], [rightName, right]) =>
          right.costUsd - left.costUsd || right.requests - left.requests || leftName.localeCompare(rightName),
      )
      .map(([name, totals]) => ({ [key]: name, ...totals }) as { [P in K]: string } & UsageTotals);
  return {
    total,
    byProvider: byCost('provider', providers),
    byModel: byCost('model', models),
    byDay: [...days.entries()]
      .sort(([left], [right]) => left.localeCompare(right))
      .map(([day, totals]) => ({ day, ...totals })),
    byAgent: byCost('agent', agents),
  };
}

/** The first instant of the UTC calendar month containing `time`. */
export function startOfUtcMonth(time: number): Date {
  const date = new Date(time);
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1));
}
