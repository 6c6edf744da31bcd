import { describe, expect, it } from 'vitest';
import { createRateLimiter, migrateTeamDatabase } from '../src/index.js';
import { createTestDatabase, DATABASE_KINDS, useMigratedDatabase } from './test-databases.js';

const WINDOW_MS = 60_000;

describe.each(DATABASE_KINDS)('rate limiter on %s', (kind) => {
  it('allows `limit` hits per key and window, then says when to retry; a new window starts over', async () => {
    const database = await useMigratedDatabase(kind);
    let clock = 10 * WINDOW_MS + 15_000;
    const limiter = createRateLimiter({ db: database.db, limit: 3, windowMs: WINDOW_MS, now: () => clock });
    const verdicts = [];
    for (let index = 0; index < 4; index += 1) verdicts.push(await limiter.hit('sign-in:alice@example.com'));
    expect(verdicts.map((verdict) => verdict.allowed)).toEqual([true, true, true, false]);
    expect(verdicts[3]?.retryAfterSeconds).toBe(45);
    expect((await limiter.hit('sign-in:bob@example.com')).allowed).toBe(true);
    clock += WINDOW_MS;
    expect((await limiter.hit('sign-in:alice@example.com')).allowed).toBe(true);
    const keys = await database.db.selectFrom('rate_limit_bucket').select('key').execute();
    expect(JSON.stringify(keys)).not.toContain('alice');
  });
});

describe('rate limiter shared by two instances on one PostgreSQL', () => {
  it('lets exactly `limit` of many concurrent attempts through across both', async () => {
    const test = await createTestDatabase('postgres');
    const [first, second] = await Promise.all([test.open(), test.open()]);
    try {
      await migrateTeamDatabase(first);
      const options = { limit: 5, windowMs: WINDOW_MS, now: () => 7 * WINDOW_MS };
      const limiters = [
        createRateLimiter({ db: first.db, ...options }),
        createRateLimiter({ db: second.db, ...options }),
      ];
      const verdicts = await Promise.all(
        Array.from({ length: 20 }, (_, index) => limiters[index % 2]!.hit('sign-in:ip:192.0.2.7')),
      );
      expect(verdicts.filter((verdict) => verdict.allowed)).toHaveLength(5);
    } finally {
      await Promise.all([first.close(), second.close()]);
      await test.drop();
    }
  });
});
