import { randomUUID } from 'node:crypto';
import type { UsageEntry, UsageLog } from '@switchboard/core';
import { sql, type Kysely } from 'kysely';
import type { TeamTables } from '../storage/team-schema.js';

/** Totals of one group (a provider, a model, a day or a member). */
export interface UsageTotals {
  readonly key: string;
  readonly requests: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly costUsd: number;
}

/** Usage by provider, model and day (and, for admins, by member). */
export interface UsageSummary {
  readonly byProvider: UsageTotals[];
  readonly byModel: UsageTotals[];
  readonly byDay: UsageTotals[];
  readonly byUser?: UsageTotals[];
}

/** The team runtime's usage log in the team database, and its summaries. */
export interface TeamUsageLog extends UsageLog {
  /** Totals since `sinceDay` (YYYY-MM-DD, UTC), of one member or everyone (then also by member). */
  summarize(options: { userId?: string; sinceDay: string }): Promise<UsageSummary>;
}

/**
 * Usage of the team's model requests in `usage_event`: written by the runtime (each entry of a
 * member's request), read as totals per provider, model, day and member. Requests without a
 * member (none on the team server) are not recorded.
 */
export function createTeamUsageLog(options: { db: Kysely<TeamTables> }): TeamUsageLog {
  const { db } = options;
  const totals = async (
    column: 'provider' | 'model' | 'day' | 'user_id',
    userId: string | undefined,
    sinceDay: string,
  ) => {
    let query = db
      .selectFrom('usage_event')
      .select([
        `${column} as key` as 'provider as key',
        sql<number>`count(*)`.as('requests'),
        sql<number>`coalesce(sum(input_tokens), 0)`.as('input'),
        sql<number>`coalesce(sum(output_tokens), 0)`.as('output'),
        sql<number>`coalesce(sum(cost_usd), 0)`.as('cost'),
      ])
      .where('day', '>=', sinceDay);
    if (userId !== undefined) query = query.where('user_id', '=', userId);
    const rows = await query.groupBy(column).orderBy(column).execute();
    // PostgreSQL returns bigint sums as text; both databases agree once they are numbers.
    return rows.map((row) => ({
      key: String(row.key),
      requests: Number(row.requests),
      inputTokens: Number(row.input),
      outputTokens: Number(row.output),
      costUsd: Math.round(Number(row.cost) * 1e6) / 1e6,
    }));
  };
  return {
    path: 'the team database (usage_event)',
    async append(entry: UsageEntry) {
      if (entry.userId === undefined) return;
      await db
        .insertInto('usage_event')
        .values({
          id: randomUUID(),
          at: entry.time,
          day: entry.time.slice(0, 10),
          user_id: entry.userId,
          provider: entry.provider,
          model: entry.model,
          method: entry.route.method,
          level: entry.level ?? null,
          input_tokens: entry.inputTokens,
          output_tokens: entry.outputTokens,
          cost_usd: entry.costUsd,
          outcome: entry.outcome,
        })
        .execute();
    },
    async read() {
      // The runtime reads its usage log for agent budgets; the team server sets none.
      return [];
    },
    async close() {},
    async summarize({ userId, sinceDay }) {
      const [byProvider, byModel, byDay] = await Promise.all([
        totals('provider', userId, sinceDay),
        totals('model', userId, sinceDay),
        totals('day', userId, sinceDay),
      ]);
      if (userId !== undefined) return { byProvider, byModel, byDay };
      return { byProvider, byModel, byDay, byUser: await totals('user_id', undefined, sinceDay) };
    },
  };
}
