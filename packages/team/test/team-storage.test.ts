import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { migrateTeamDatabase, TEAM_MIGRATIONS } from '../src/index.js';
import { createTestDatabase, DATABASE_KINDS } from './test-databases.js';
import type { DatabaseKind } from './test-databases.js';

/** Two instances on one fresh database migrate (at once or one after the other): one applies all. */
async function expectMigratedOnce(kind: DatabaseKind, together: boolean): Promise<void> {
  const test = await createTestDatabase(kind);
  const [first, second] = await Promise.all([test.open(), test.open()]);
  try {
    const reports = together
      ? await Promise.all([migrateTeamDatabase(first), migrateTeamDatabase(second)])
      : [await migrateTeamDatabase(first), await migrateTeamDatabase(second)];
    expect(reports.flatMap((report) => report.applied)).toEqual(Object.keys(TEAM_MIGRATIONS));
    const { rows } = await sql<{ n: number | string }>`select count(*) as n from team_setting`.execute(second.db);
    expect(Number(rows[0]?.n)).toBe(0);
  } finally {
    await Promise.all([first.close(), second.close()]);
    await test.drop();
  }
}

describe.each(DATABASE_KINDS)('team storage on %s', (kind) => {
  it('applies every migration once, then nothing, and the tables work', async () => {
    const test = await createTestDatabase(kind);
    const database = await test.open();
    try {
      expect(database.kind).toBe(kind);
      expect((await migrateTeamDatabase(database)).applied).toEqual(Object.keys(TEAM_MIGRATIONS));
      expect((await migrateTeamDatabase(database)).applied).toEqual([]);
      await database.db
        .insertInto('team_setting')
        .values({ key: 'default_model', value: '"gpt-5"', updated_at: '2026-12-03T00:00:00.000Z' })
        .execute();
      const rows = await database.db.selectFrom('team_setting').selectAll().execute();
      // Plain objects on both (node:sqlite returns null-prototype rows).
      expect(rows).toEqual([{ key: 'default_model', value: '"gpt-5"', updated_at: '2026-12-03T00:00:00.000Z' }]);
      expect(Object.getPrototypeOf(rows[0])).toBe(Object.prototype);
      await expect(
        database.db.insertInto('team_setting').values({ key: 'default_model', value: '1', updated_at: 'x' }).execute(),
      ).rejects.toThrow();
    } finally {
      await database.close();
      await test.drop();
    }
  });

  it('lets a second instance start on a migrated database: it applies nothing', async () => {
    await expectMigratedOnce(kind, false);
  });

  it('keeps each test database private: a fresh one has no tables of another', async () => {
    const used = await createTestDatabase(kind);
    const usedDatabase = await used.open();
    const fresh = await createTestDatabase(kind);
    const freshDatabase = await fresh.open();
    try {
      await migrateTeamDatabase(usedDatabase);
      await expect(freshDatabase.db.selectFrom('team_setting').selectAll().execute()).rejects.toThrow();
    } finally {
      await Promise.all([usedDatabase.close(), freshDatabase.close()]);
      await Promise.all([used.drop(), fresh.drop()]);
    }
  });
});

// Several instances at once are a PostgreSQL deployment (an SQLite file belongs to one server
// process): Kysely's migration lock is a PostgreSQL advisory lock.
describe('team storage on postgres with concurrent instances', () => {
  it('lets two instances start on one database at once: the schema is migrated exactly once', async () => {
    await expectMigratedOnce('postgres', true);
  });
});
