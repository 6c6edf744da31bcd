import { randomUUID } from 'node:crypto';
import { SwitchboardError } from '@switchboard/core';
import type { Kysely } from 'kysely';
import { isUniqueViolation } from '../../storage/is-unique-violation.js';
import type { TeamTables } from '../../storage/team-schema.js';

/** A member's external identity, keyed by (issuer, subject). */
export interface TeamIdentity {
  readonly id: string;
  readonly userId: string;
  readonly issuer: string;
  readonly subject: string;
  readonly providerId: string;
  readonly email: string | null;
  readonly emailVerified: boolean;
  readonly createdAt: string;
  readonly lastUsedAt: string | null;
}

/** The external identities linked to members. */
export interface IdentityStore {
  find(issuer: string, subject: string): Promise<TeamIdentity | undefined>;
  listForUser(userId: string): Promise<TeamIdentity[]>;
  /**
   * Links (issuer, subject) to `userId`.
   * @throws SwitchboardError (409) when that identity is linked to someone already.
   */
  link(input: Omit<TeamIdentity, 'id' | 'createdAt' | 'lastUsedAt'>): Promise<TeamIdentity>;
  recordUse(id: string): Promise<void>;
}

/** The identity store in the team database. */
export function createIdentityStore(options: { db: Kysely<TeamTables>; now?: () => Date }): IdentityStore {
  const { db } = options;
  const now = options.now ?? (() => new Date());
  return {
    async find(issuer, subject) {
      const row = await db
        .selectFrom('team_identity')
        .selectAll()
        .where('issuer', '=', issuer)
        .where('subject', '=', subject)
        .executeTakeFirst();
      return row ? identityOf(row) : undefined;
    },
    async listForUser(userId) {
      const rows = await db
        .selectFrom('team_identity')
        .selectAll()
        .where('user_id', '=', userId)
        .orderBy('created_at')
        .execute();
      return rows.map(identityOf);
    },
    async link(input) {
      const row = {
        id: randomUUID(),
        user_id: input.userId,
        issuer: input.issuer,
        subject: input.subject,
        provider_id: input.providerId,
        email: input.email,
        email_verified: input.emailVerified ? 1 : 0,
        created_at: now().toISOString(),
        last_used_at: null,
      };
      await db
        .insertInto('team_identity')
        .values(row)
        .execute()
        .catch((error: unknown) => {
          throw isUniqueViolation(error)
            ? new SwitchboardError('INVALID_REQUEST', 'That identity is linked to a member already.', { status: 409 })
            : error;
        });
      return identityOf(row);
    },
    async recordUse(id) {
      await db.updateTable('team_identity').set({ last_used_at: now().toISOString() }).where('id', '=', id).execute();
    },
  };
}

function identityOf(row: TeamTables['team_identity']): TeamIdentity {
  return {
    id: row.id,
    userId: row.user_id,
    issuer: row.issuer,
    subject: row.subject,
    providerId: row.provider_id,
    email: row.email,
    emailVerified: row.email_verified === 1,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
  };
}
