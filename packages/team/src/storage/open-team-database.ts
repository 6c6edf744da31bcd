import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { SwitchboardError } from '@switchboard/core';
import { Kysely, sql } from 'kysely';
import pg from 'pg';
import { CurrentSchemaPostgresDialect } from './current-schema-introspector.js';
import { isUniqueViolation } from './is-unique-violation.js';
import { createNodeSqliteDialect } from './node-sqlite-dialect.js';
import type { TeamTables } from './team-schema.js';

/** Where the team server keeps its data. */
export type TeamDatabaseTarget =
  | { readonly kind: 'sqlite'; readonly file: string }
  | {
      readonly kind: 'postgres';
      readonly url: string;
      /** A schema to use instead of `public` (tests give each run its own). Created if missing. */
      readonly schema?: string;
    };

/** An open team database. */
export interface TeamDatabase {
  readonly kind: TeamDatabaseTarget['kind'];
  readonly db: Kysely<TeamTables>;
  /** The PostgreSQL schema the tables live in (unset on SQLite). */
  readonly schema?: string;
  close(): Promise<void>;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * The target for a Switchboard home: PostgreSQL when `DATABASE_URL` is set, else the embedded
 * node:sqlite file `team.sqlite` in the home.
 */
export function teamDatabaseTarget(
  environment: Readonly<Record<string, string | undefined>>,
  home: string,
): TeamDatabaseTarget {
  const url = environment['DATABASE_URL'];
  if (url !== undefined && url !== '') return { kind: 'postgres', url };
  return { kind: 'sqlite', file: `${home}/team.sqlite` };
}

/** Opens (without migrating) the database at `target`. */
export async function openTeamDatabase(target: TeamDatabaseTarget): Promise<TeamDatabase> {
  if (target.kind === 'sqlite') {
    await mkdir(dirname(target.file), { recursive: true, mode: 0o700 });
    const sqlite = new DatabaseSync(target.file);
    // Several connections of one process and `sb team migrate` may meet on the file.
    // WAL with synchronous = NORMAL, SQLite's recommendation for WAL: a crash of the process loses
    // nothing and the file never corrupts; only a power loss may drop the last commits. FULL
    // synced every write and was most of a chat request's cost (bench/team.js).
    sqlite.exec(
      'PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON;',
    );
    const db = new Kysely<TeamTables>({ dialect: createNodeSqliteDialect(sqlite) });
    return { kind: 'sqlite', db, close: () => db.destroy() };
  }
  const schema = target.schema;
  if (schema !== undefined && !SCHEMA_NAME.test(schema))
    throw new SwitchboardError('INVALID_CONFIG', `"${schema}" is not a valid PostgreSQL schema name.`);
  const pool = new pg.Pool({
    connectionString: target.url,
    ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }),
  });
  const db = new Kysely<TeamTables>({ dialect: new CurrentSchemaPostgresDialect({ pool }) });
  try {
    if (schema !== undefined) await createSchema(db, schema);
    // Migrations name the schema explicitly (Kysely would otherwise find another schema's
    // bookkeeping tables): the one given, or the connection's own (search_path).
    const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
    const current = rows[0]?.schema;
    if (current === undefined || current === null)
      throw new SwitchboardError('INVALID_CONFIG', 'The PostgreSQL search_path names no existing schema.');
    return { kind: 'postgres', db, schema: current, close: () => db.destroy() };
  } catch (error) {
    await db.destroy();
    if (error instanceof SwitchboardError) throw error;
    throw new SwitchboardError('STORE_UNAVAILABLE', 'The team PostgreSQL database could not be opened.', {
      cause: error,
    });
  }
}

async function createSchema(db: Kysely<TeamTables>, schema: string): Promise<void> {
  try {
    await db.schema.createSchema(schema).ifNotExists().execute();
  } catch (error) {
    // Two instances starting together both pass IF NOT EXISTS; the loser sees a unique violation.
    if (!isUniqueViolation(error)) throw error;
  }
}
