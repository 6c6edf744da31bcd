import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/** The audit log: append-only, newest first by `at`. */
export const auditMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('audit_event')
      .addColumn('id', 'varchar(40)', (column) => column.primaryKey())
      .addColumn('at', 'varchar(40)', (column) => column.notNull())
      .addColumn('actor_user_id', 'varchar(100)')
      .addColumn('action', 'varchar(100)', (column) => column.notNull())
      .addColumn('target', 'varchar(300)')
      .addColumn('details', 'text', (column) => column.notNull())
      .execute();
    await db.schema.createIndex('audit_event_at').on('audit_event').columns(['at', 'id']).execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('audit_event').execute();
  },
};
