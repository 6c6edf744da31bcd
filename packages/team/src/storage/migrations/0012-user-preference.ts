import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/** What each member chose in the web app (model, provider filter), kept per member. */
export const userPreferenceMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('user_preference')
      .addColumn('user_id', 'varchar(100)', (column) => column.primaryKey())
      .addColumn('value', 'text', (column) => column.notNull())
      .addColumn('updated_at', 'varchar(40)', (column) => column.notNull())
      .execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('user_preference').execute();
  },
};
