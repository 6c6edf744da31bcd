import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { migrateTeamDatabase } from '../src/index.js';
import { createTestDatabase, postgresUrl } from './test-databases.js';

/**
 * Test files share one PostgreSQL server, each in its own schema, and drop their schema when they
 * end. Kysely's migrator reads the catalog of every schema, so a migration can run while another
 * file's schema and tables vanish: that must be retried, never reported as a broken database.
 */
describe('migrating while other schemas come and go (postgres)', () => {
  let stop = false;
  afterAll(() => {
    stop = true;
  });

  async function churn(url: string): Promise<number> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    let rounds = 0;
    try {
      while (!stop) {
        const schema = `sb_churn_${randomBytes(6).toString('hex')}`;
        await client.query(`CREATE SCHEMA "${schema}"`);
        await client.query(`CREATE TABLE "${schema}".a (id int, name text, at timestamptz)`);
        await client.query(`CREATE TABLE "${schema}".b (id int, name text, at timestamptz)`);
        await client.query(`DROP SCHEMA "${schema}" CASCADE`);
        rounds += 1;
      }
    } finally {
      await client.end();
    }
    return rounds;
  }

  it('migrates every fresh schema although others are dropped meanwhile', async () => {
    const url = await postgresUrl();
    const churners = [churn(url), churn(url), churn(url)];
    const migrated: string[][] = [];
    try {
      for (let index = 0; index < 15; index++) {
        const test = await createTestDatabase('postgres');
        const database = await test.open();
        try {
          migrated.push([...(await migrateTeamDatabase(database)).applied]);
          // A second run finds its bookkeeping tables in its own schema and applies nothing.
          expect((await migrateTeamDatabase(database)).applied).toEqual([]);
          const tables = await database.db.introspection.getTables({ withInternalKyselyTables: true });
          expect(new Set(tables.map((table) => table.schema))).toEqual(new Set([database.schema]));
          expect(tables.map((table) => table.name)).toContain('kysely_migration');
        } finally {
          await database.close();
          await test.drop();
        }
      }
    } finally {
      stop = true;
    }
    const rounds = await Promise.all(churners);
    // The churn really overlapped the migrations, and each fresh schema got every migration.
    expect(rounds.reduce((sum, value) => sum + value, 0)).toBeGreaterThan(15);
    expect(new Set(migrated.map((applied) => applied.join(','))).size).toBe(1);
    expect(migrated[0]?.length).toBeGreaterThan(0);
  }, 120_000);
});
