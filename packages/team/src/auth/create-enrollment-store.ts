import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { TeamTables } from '../storage/team-schema.js';

/** Every enrollment token starts with it, so a leaked one is recognisable (and scannable). */
export const ENROLLMENT_TOKEN_PREFIX = 'sbe_';

/** How long an enrollment link works unless told otherwise: seven days. */
export const DEFAULT_ENROLLMENT_TTL_MS = 7 * 24 * 3_600_000;

/** A pending enrollment as admins see it (never the token). */
export interface EnrollmentSummary {
  readonly id: string;
  readonly userId: string;
  readonly createdBy: string | null;
  readonly createdAt: string;
  readonly expiresAt: string;
}

/**
 * One-time enrollment links: the way a new member (the first admin included) gets their first
 * passkey or links their first identity. Only a SHA-256 of each token is stored; a token works
 * once, until it expires, and issuing a new one for a member revokes their older ones.
 */
export interface EnrollmentStore {
  issue(options: { userId: string; createdBy?: string; ttlMs?: number }): Promise<{
    token: string;
    summary: EnrollmentSummary;
  }>;
  /** The live enrollment `token` opens, without using it. */
  peek(token: string): Promise<EnrollmentSummary | undefined>;
  /** Uses `token` up, atomically: of two concurrent redemptions exactly one gets the member. */
  consume(token: string): Promise<EnrollmentSummary | undefined>;
  /** Live enrollments, newest first. */
  listPending(): Promise<EnrollmentSummary[]>;
  revoke(id: string): Promise<boolean>;
}

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

/** The enrollment store in the team database. */
export function createEnrollmentStore(options: { db: Kysely<TeamTables>; now?: () => Date }): EnrollmentStore {
  const { db } = options;
  const now = options.now ?? (() => new Date());
  const live = (at: string) =>
    db.selectFrom('enrollment').selectAll().where('used_at', 'is', null).where('expires_at', '>', at);
  return {
    async issue(input) {
      const at = now();
      const token = `${ENROLLMENT_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
      const row = {
        id: randomUUID(),
        token_hash: hashOf(token),
        user_id: input.userId,
        created_by: input.createdBy ?? null,
        created_at: at.toISOString(),
        expires_at: new Date(at.getTime() + (input.ttlMs ?? DEFAULT_ENROLLMENT_TTL_MS)).toISOString(),
        used_at: null,
      };
      await db.transaction().execute(async (transaction) => {
        await transaction
          .updateTable('enrollment')
          .set({ used_at: row.created_at })
          .where('user_id', '=', input.userId)
          .where('used_at', 'is', null)
          .execute();
        await transaction.insertInto('enrollment').values(row).execute();
      });
      return { token, summary: summaryOf(row) };
    },
    async peek(token) {
      if (!token.startsWith(ENROLLMENT_TOKEN_PREFIX)) return undefined;
      const row = await live(now().toISOString()).where('token_hash', '=', hashOf(token)).executeTakeFirst();
      return row ? summaryOf(row) : undefined;
    },
    async consume(token) {
      if (!token.startsWith(ENROLLMENT_TOKEN_PREFIX)) return undefined;
      const at = now().toISOString();
      const row = await db
        .updateTable('enrollment')
        .set({ used_at: at })
        .where('token_hash', '=', hashOf(token))
        .where('used_at', 'is', null)
        .where('expires_at', '>', at)
        .returningAll()
        .executeTakeFirst();
      return row ? summaryOf(row) : undefined;
    },
    async listPending() {
      const rows = await live(now().toISOString()).orderBy('created_at', 'desc').execute();
      return rows.map(summaryOf);
    },
    async revoke(id) {
      const result = await db
        .updateTable('enrollment')
        .set({ used_at: now().toISOString() })
        .where('id', '=', id)
        .where('used_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
  };
}

function summaryOf(row: TeamTables['enrollment']): EnrollmentSummary {
  return {
    id: row.id,
    userId: row.user_id,
    createdBy: row.created_by,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
  };
}
