import { PostgresAdapter, sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * Sign-in. The `auth_*` tables are better-auth's (users, sessions, accounts, one-time values,
 * passkeys) with exactly the columns and types its Kysely adapter reads and writes — camelCase
 * names and, on SQLite, `date` text and `integer` booleans; a test compares them with what
 * better-auth's own migration planner wants. Beside them, ours: external identities keyed by
 * (issuer, subject), identity providers with sealed client secrets, and enrollment links.
 */
export const signInMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
    const time = postgres ? sql`timestamptz` : sql`date`;
    const flag = postgres ? sql`boolean` : sql`integer`;
    const now = postgres ? sql`default CURRENT_TIMESTAMP` : sql``;
    const statements = [
      sql`create table "auth_user" ("id" text not null primary key, "name" text not null, "email" text not null unique, "emailVerified" ${flag} not null, "image" text, "createdAt" ${time} ${now} not null, "updatedAt" ${time} ${now} not null)`,
      sql`create table "auth_session" ("id" text not null primary key, "expiresAt" ${time} not null, "token" text not null unique, "createdAt" ${time} ${now} not null, "updatedAt" ${time} not null, "ipAddress" text, "userAgent" text, "userId" text not null references "auth_user" ("id") on delete cascade, "signInMethod" text)`,
      sql`create table "auth_account" ("id" text not null primary key, "accountId" text not null, "providerId" text not null, "userId" text not null references "auth_user" ("id") on delete cascade, "accessToken" text, "refreshToken" text, "idToken" text, "accessTokenExpiresAt" ${time}, "refreshTokenExpiresAt" ${time}, "scope" text, "password" text, "createdAt" ${time} ${now} not null, "updatedAt" ${time} not null)`,
      sql`create table "auth_verification" ("id" text not null primary key, "identifier" text not null, "value" text not null, "expiresAt" ${time} not null, "createdAt" ${time} ${now} not null, "updatedAt" ${time} ${now} not null)`,
      sql`create table "auth_passkey" ("id" text not null primary key, "name" text, "publicKey" text not null, "userId" text not null references "auth_user" ("id") on delete cascade, "credentialID" text not null, "counter" integer not null, "deviceType" text not null, "backedUp" ${flag} not null, "transports" text, "createdAt" ${time}, "aaguid" text)`,
      sql`create index "auth_session_userId_idx" on "auth_session" ("userId")`,
      sql`create index "auth_account_userId_idx" on "auth_account" ("userId")`,
      sql`create index "auth_verification_identifier_idx" on "auth_verification" ("identifier")`,
      sql`create index "auth_passkey_userId_idx" on "auth_passkey" ("userId")`,
      sql`create index "auth_passkey_credentialID_idx" on "auth_passkey" ("credentialID")`,
    ];
    for (const statement of statements) await statement.execute(db);

    await db.schema
      .createTable('identity_provider')
      .addColumn('id', 'varchar(60)', (column) => column.primaryKey())
      .addColumn('name', 'varchar(100)', (column) => column.notNull())
      .addColumn('preset', 'varchar(20)', (column) => column.notNull())
      .addColumn('issuer', 'varchar(500)', (column) => column.notNull())
      .addColumn('client_id', 'varchar(500)', (column) => column.notNull())
      .addColumn('sealed_secret', 'text')
      .addColumn('key_version', 'integer')
      .addColumn('secret_hint', 'varchar(20)')
      .addColumn('scopes', 'varchar(500)', (column) => column.notNull())
      .addColumn('allow_sign_up', 'integer', (column) => column.notNull())
      .addColumn('link_by_verified_email', 'integer', (column) => column.notNull())
      .addColumn('enabled', 'integer', (column) => column.notNull())
      .addColumn('created_at', 'varchar(40)', (column) => column.notNull())
      .addColumn('updated_at', 'varchar(40)', (column) => column.notNull())
      .execute();
    await db.schema
      .createTable('team_identity')
      .addColumn('id', 'varchar(40)', (column) => column.primaryKey())
      .addColumn('user_id', 'varchar(100)', (column) => column.notNull())
      .addColumn('issuer', 'varchar(500)', (column) => column.notNull())
      .addColumn('subject', 'varchar(255)', (column) => column.notNull())
      .addColumn('provider_id', 'varchar(60)', (column) => column.notNull())
      .addColumn('email', 'varchar(320)')
      .addColumn('email_verified', 'integer', (column) => column.notNull())
      .addColumn('created_at', 'varchar(40)', (column) => column.notNull())
      .addColumn('last_used_at', 'varchar(40)')
      .addUniqueConstraint('team_identity_issuer_subject', ['issuer', 'subject'])
      .execute();
    await db.schema.createIndex('team_identity_user').on('team_identity').columns(['user_id']).execute();
    await db.schema
      .createTable('enrollment')
      .addColumn('id', 'varchar(40)', (column) => column.primaryKey())
      .addColumn('token_hash', 'varchar(64)', (column) => column.notNull().unique())
      .addColumn('user_id', 'varchar(100)', (column) => column.notNull())
      .addColumn('created_by', 'varchar(100)')
      .addColumn('created_at', 'varchar(40)', (column) => column.notNull())
      .addColumn('expires_at', 'varchar(40)', (column) => column.notNull())
      .addColumn('used_at', 'varchar(40)')
      .execute();
    await db.schema.createIndex('enrollment_user').on('enrollment').columns(['user_id']).execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    for (const table of [
      'enrollment',
      'team_identity',
      'identity_provider',
      'auth_passkey',
      'auth_verification',
      'auth_account',
      'auth_session',
      'auth_user',
    ])
      await db.schema.dropTable(table).execute();
  },
};
