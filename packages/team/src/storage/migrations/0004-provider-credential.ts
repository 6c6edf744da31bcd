import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * Provider credentials of the workspace (owner '') and of each user, sealed under the team's
 * master key; one per (scope, owner, provider). The empty owner, not NULL, keeps the unique
 * index effective on PostgreSQL, where NULLs never collide.
 */
export const providerCredentialMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('provider_credential')
      .addColumn('id', 'varchar(40)', (column) => column.primaryKey())
      .addColumn('scope', 'varchar(20)', (column) => column.notNull())
      .addColumn('owner_user_id', 'varchar(100)', (column) => column.notNull())
      .addColumn('provider', 'varchar(40)', (column) => column.notNull())
      .addColumn('method', 'varchar(40)', (column) => column.notNull())
      .addColumn('sealed', 'text', (column) => column.notNull())
      .addColumn('key_version', 'integer', (column) => column.notNull())
      .addColumn('hint', 'varchar(20)', (column) => column.notNull())
      .addColumn('created_at', 'varchar(40)', (column) => column.notNull())
      .addColumn('updated_at', 'varchar(40)', (column) => column.notNull())
      .addColumn('checked_at', 'varchar(40)')
      .addColumn('check_code', 'varchar(40)')
      .execute();
    await db.schema
      .createIndex('provider_credential_owner')
      .on('provider_credential')
      .columns(['scope', 'owner_user_id', 'provider'])
      .unique()
      .execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('provider_credential').execute();
  },
};
