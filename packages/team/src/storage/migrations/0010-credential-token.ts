import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * Access tokens minted from stored enterprise credentials (a Vertex service-account key, an Azure
 * app's client credentials), sealed, shared by every instance until they near expiry.
 */
export const credentialTokenMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('credential_token')
      .addColumn('key', 'varchar(200)', (column) => column.primaryKey())
      .addColumn('sealed', 'text', (column) => column.notNull())
      .addColumn('expires_at', 'varchar(40)', (column) => column.notNull())
      .execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('credential_token').execute();
  },
};
