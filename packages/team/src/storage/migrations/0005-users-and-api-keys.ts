import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * Team members (`team_user`: their role; sign-in adds their identities) and their personal API
 * keys (`personal_api_key`: only a SHA-256 of each key is kept, looked up by that hash).
 */
export const usersAndApiKeysMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('team_user')
      .addColumn('id', 'varchar(100)', (column) => column.primaryKey())
      .addColumn('email', 'varchar(320)')
      .addColumn('role', 'varchar(20)', (column) => column.notNull())
      .addColumn('created_at', 'varchar(40)', (column) => column.notNull())
      .addColumn('disabled_at', 'varchar(40)')
      .execute();
    await db.schema
      .createTable('personal_api_key')
      .addColumn('id', 'varchar(40)', (column) => column.primaryKey())
      .addColumn('user_id', 'varchar(100)', (column) => column.notNull())
      .addColumn('name', 'varchar(100)', (column) => column.notNull())
      .addColumn('key_hash', 'varchar(64)', (column) => column.notNull().unique())
      .addColumn('hint', 'varchar(20)', (column) => column.notNull())
      .addColumn('created_at', 'varchar(40)', (column) => column.notNull())
      .addColumn('last_used_at', 'varchar(40)')
      .addColumn('revoked_at', 'varchar(40)')
      .execute();
    await db.schema.createIndex('personal_api_key_user').on('personal_api_key').columns(['user_id']).execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('personal_api_key').execute();
    await db.schema.dropTable('team_user').execute();
  },
};
