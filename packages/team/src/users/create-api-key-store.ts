import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { TeamTables } from '../storage/team-schema.js';

/** Every personal API key starts with this, so scanners and people recognize one. */
export const PERSONAL_KEY_PREFIX = 'sbk_';

/** A personal API key as listed: never the key, only its hint. */
export interface ApiKeySummary {
  readonly id: string;
  readonly name: string;
  readonly hint: string;
  readonly createdAt: string;
  readonly lastUsedAt: string | null;
  readonly revoked: boolean;
}

/** Members' personal API keys: the way in for programs (the gateway endpoints, scripts). */
export interface ApiKeyStore {
  /** A new key for `userId`: the key itself is in the answer once and nowhere else. */
  create(userId: string, name: string): Promise<{ key: string; summary: ApiKeySummary }>;
  list(userId: string): Promise<ApiKeySummary[]>;
  /** Revokes one of `userId`'s keys; false when it has no such key. */
  revoke(userId: string, id: string): Promise<boolean>;
  /** The owner of a presented key that is not revoked (and notes its use), else undefined. */
  resolve(key: string): Promise<{ userId: string; keyId: string } | undefined>;
}

const hashOf = (key: string) => createHash('sha256').update(key, 'utf8').digest('hex');

/** The API key store in the team database. */
export function createApiKeyStore(options: { db: Kysely<TeamTables>; now?: () => Date }): ApiKeyStore {
  const { db } = options;
  const now = options.now ?? (() => new Date());
  const summary = (row: {
    id: string;
    name: string;
    hint: string;
    created_at: string;
    last_used_at: string | null;
    revoked_at: string | null;
  }): ApiKeySummary => ({
    id: row.id,
    name: row.name,
    hint: row.hint,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revoked: row.revoked_at !== null,
  });
  return {
    async create(userId, name) {
      // 256 random bits: the SHA-256 lookup needs no salt or slow hash against guessing.
      const key = `${PERSONAL_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
      const row = {
        id: randomUUID(),
        user_id: userId,
        name,
        key_hash: hashOf(key),
        hint: `${PERSONAL_KEY_PREFIX}…${key.slice(-4)}`,
        created_at: now().toISOString(),
        last_used_at: null,
        revoked_at: null,
      };
      await db.insertInto('personal_api_key').values(row).execute();
      return { key, summary: summary(row) };
    },
    async list(userId) {
      const rows = await db
        .selectFrom('personal_api_key')
        .selectAll()
        .where('user_id', '=', userId)
        .orderBy('created_at')
        .execute();
      return rows.map(summary);
    },
    async revoke(userId, id) {
      const result = await db
        .updateTable('personal_api_key')
        .set({ revoked_at: now().toISOString() })
        .where('user_id', '=', userId)
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
    async resolve(key) {
      if (!key.startsWith(PERSONAL_KEY_PREFIX)) return undefined;
      const row = await db
        .selectFrom('personal_api_key')
        .select(['id', 'user_id', 'last_used_at'])
        .where('key_hash', '=', hashOf(key))
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      if (!row) return undefined;
      // Noted at most once a minute: a busy key does not write on every request.
      const at = now();
      if (row.last_used_at === null || at.getTime() - Date.parse(row.last_used_at) >= 60_000)
        await db
          .updateTable('personal_api_key')
          .set({ last_used_at: at.toISOString() })
          .where('id', '=', row.id)
          .execute();
      return { userId: row.user_id, keyId: row.id };
    },
  };
}
