import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * Chat answers being streamed, kept in the database so a client that reconnects to another
 * instance resumes there (`chat_stream`: one row per answer; `chat_stream_event`: its events).
 */
export const chatStreamMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('chat_stream')
      .addColumn('key', 'varchar(300)', (column) => column.primaryKey())
      .addColumn('answer_id', 'varchar(60)', (column) => column.notNull())
      .addColumn('started_at', 'varchar(40)', (column) => column.notNull())
      .addColumn('ended_at', 'varchar(40)')
      .execute();
    await db.schema
      .createTable('chat_stream_event')
      .addColumn('answer_id', 'varchar(60)', (column) => column.notNull())
      .addColumn('seq', 'integer', (column) => column.notNull())
      .addColumn('data', 'text', (column) => column.notNull())
      .addPrimaryKeyConstraint('chat_stream_event_pk', ['answer_id', 'seq'])
      .execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('chat_stream_event').execute();
    await db.schema.dropTable('chat_stream').execute();
  },
};
