import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { TeamTables } from '../storage/team-schema.js';

/** The verdict on one attempt. */
export interface RateLimitVerdict {
  readonly allowed: boolean;
  /** Seconds until the window resets (0 when allowed). */
  readonly retryAfterSeconds: number;
}

/** Counts attempts per key in fixed windows, in the team database. */
export interface RateLimiter {
  hit(key: string): Promise<RateLimitVerdict>;
}

/** Options of {@link createRateLimiter}. */
export interface RateLimiterOptions {
  readonly db: Kysely<TeamTables>;
  /** Attempts allowed per key and window. */
  readonly limit: number;
  readonly windowMs: number;
  readonly now?: () => number;
}

/**
 * A fixed-window rate limiter whose counters live in the team database, so every instance on one
 * PostgreSQL shares them. Each hit is one atomic upsert (`ON CONFLICT … DO UPDATE … RETURNING`,
 * on PostgreSQL and SQLite alike): concurrent attempts can never all see a count below the limit.
 * Keys are stored hashed (they may hold an email address or an IP).
 */
export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const now = options.now ?? Date.now;
  return {
    async hit(key) {
      const at = now();
      const window = Math.floor(at / options.windowMs);
      const windowId = String(window);
      const row = await options.db
        .insertInto('rate_limit_bucket')
        .values({ key: createHash('sha256').update(key).digest('hex'), window_id: windowId, hits: 1 })
        .onConflict((conflict) =>
          conflict.column('key').doUpdateSet({
            hits: sql<number>`case when rate_limit_bucket.window_id = ${windowId} then rate_limit_bucket.hits + 1 else 1 end`,
            window_id: windowId,
          }),
        )
        .returning('hits')
        .executeTakeFirstOrThrow();
      if (Number(row.hits) <= options.limit) return { allowed: true, retryAfterSeconds: 0 };
      return { allowed: false, retryAfterSeconds: Math.ceil(((window + 1) * options.windowMs - at) / 1000) };
    },
  };
}
