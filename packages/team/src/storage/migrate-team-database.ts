import { SwitchboardError } from '@switchboard/core';
import { Migrator } from 'kysely/migration';
import type { Migration, MigrationProvider } from 'kysely/migration';
import type { TeamDatabase } from './open-team-database.js';
import { TEAM_MIGRATIONS } from './team-migrations.js';

/** What {@link migrateTeamDatabase} did. */
export interface MigrationReport {
  /** Names of the migrations applied by this call (empty when the schema was current). */
  readonly applied: readonly string[];
}

/**
 * Brings the database to the newest schema. Safe to run from several instances at once: Kysely
 * takes a lock (an advisory lock on PostgreSQL, a lock table on SQLite) around the run.
 */
export async function migrateTeamDatabase(
  database: Pick<TeamDatabase, 'db' | 'schema'>,
  migrations: Readonly<Record<string, Migration>> = TEAM_MIGRATIONS,
): Promise<MigrationReport> {
  const provider: MigrationProvider = { getMigrations: async () => ({ ...migrations }) };
  const migrator = new Migrator({
    db: database.db,
    provider,
    // Kysely looks its bookkeeping tables up by schema: name ours, or another schema's would do.
    ...(database.schema === undefined ? {} : { migrationTableSchema: database.schema }),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results?.find((result) => result.status === 'Error')?.migrationName;
    throw new SwitchboardError(
      'STORE_UNAVAILABLE',
      `The team database could not be migrated${failed ? ` (step ${failed})` : ''}: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
  return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}
