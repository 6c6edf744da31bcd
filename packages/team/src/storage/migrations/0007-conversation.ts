import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/** Each member's chat conversations: the id the client chose, and its messages as the UI sent and received them. */
export const conversationMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('conversation')
      .addColumn('id', 'varchar(100)', (column) => column.primaryKey())
      .addColumn('user_id', 'varchar(100)', (column) => column.notNull())
      .addColumn('title', 'varchar(200)', (column) => column.notNull())
      .addColumn('model', 'varchar(200)', (column) => column.notNull())
      .addColumn('messages', 'text', (column) => column.notNull())
      .addColumn('created_at', 'varchar(40)', (column) => column.notNull())
      .addColumn('updated_at', 'varchar(40)', (column) => column.notNull())
      .execute();
    await db.schema.createIndex('conversation_user').on('conversation').columns(['user_id', 'updated_at']).execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('conversation').execute();
  },
};
