import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/** Fixed-window counters shared by every instance (sign-in rate limits). */
export const rateLimitMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('rate_limit_bucket')
      .addColumn('key', 'varchar(100)', (column) => column.primaryKey())
      .addColumn('window_id', 'varchar(40)', (column) => column.notNull())
      .addColumn('hits', 'integer', (column) => column.notNull())
      .execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('rate_limit_bucket').execute();
  },
};
