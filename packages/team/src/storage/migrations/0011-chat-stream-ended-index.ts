import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/** Finding finished chat answers to forget reads an index, not every answer kept (bench/team.js). */
export const chatStreamEndedIndexMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.createIndex('chat_stream_ended').on('chat_stream').columns(['ended_at']).execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropIndex('chat_stream_ended').execute();
  },
};
