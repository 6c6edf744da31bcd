import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/** The first schema: workspace settings. */
export const settingsMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('team_setting')
      .addColumn('key', 'varchar(200)', (column) => column.primaryKey())
      .addColumn('value', 'text', (column) => column.notNull())
      .addColumn('updated_at', 'varchar(40)', (column) => column.notNull())
      .execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('team_setting').execute();
  },
};
