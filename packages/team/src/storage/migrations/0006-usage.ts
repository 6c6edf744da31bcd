import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/** One row per model request served by the team server: who, which provider and model, tokens, estimated cost. */
export const usageMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('usage_event')
      .addColumn('id', 'varchar(40)', (column) => column.primaryKey())
      .addColumn('at', 'varchar(40)', (column) => column.notNull())
      .addColumn('day', 'varchar(10)', (column) => column.notNull())
      .addColumn('user_id', 'varchar(100)', (column) => column.notNull())
      .addColumn('provider', 'varchar(100)', (column) => column.notNull())
      .addColumn('model', 'varchar(200)', (column) => column.notNull())
      .addColumn('method', 'varchar(40)')
      .addColumn('level', 'varchar(20)')
      .addColumn('input_tokens', 'bigint', (column) => column.notNull())
      .addColumn('output_tokens', 'bigint', (column) => column.notNull())
      .addColumn('cost_usd', 'real', (column) => column.notNull())
      .addColumn('outcome', 'varchar(10)', (column) => column.notNull())
      .execute();
    await db.schema.createIndex('usage_event_user_day').on('usage_event').columns(['user_id', 'day']).execute();
    await db.schema.createIndex('usage_event_day').on('usage_event').columns(['day']).execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('usage_event').execute();
  },
};
