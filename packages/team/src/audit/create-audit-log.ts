import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { TeamTables } from '../storage/team-schema.js';
import { redactDetails } from './redact-details.js';

/** What the audit log records. */
export type AuditAction =
  | 'sign-in'
  | 'sign-in-failed'
  | 'identity-linked'
  | 'identity-unlinked'
  | 'passkey-added'
  | 'passkey-removed'
  | 'identity-provider-changed'
  | 'enrollment-issued'
  | 'enrollment-revoked'
  | 'role-changed'
  | 'policy-changed'
  | 'credential-changed'
  | 'api-key-created'
  | 'api-key-revoked'
  | 'user-invited'
  | 'user-disabled'
  | 'user-enabled';

/** One audit entry as recorded. */
export interface AuditEntry {
  readonly actorUserId?: string;
  readonly action: AuditAction;
  /** What was acted on: a user id, a provider, an identity provider… */
  readonly target?: string;
  /** Anything else worth knowing; secret-looking keys are redacted before storage. */
  readonly details?: Readonly<Record<string, unknown>>;
}

/** One audit entry as read back. */
export interface AuditEvent extends AuditEntry {
  readonly id: string;
  /** ISO-8601 UTC. */
  readonly at: string;
  readonly details: Readonly<Record<string, unknown>>;
}

/** The team's audit log. */
export interface AuditLog {
  record(entry: AuditEntry): Promise<void>;
  /** Newest first; `before` continues from an earlier page's last `at`/`id`. */
  list(options?: { limit?: number; before?: { at: string; id: string } }): Promise<AuditEvent[]>;
}

/** Options of {@link createAuditLog}. */
export interface AuditLogOptions {
  readonly db: Kysely<TeamTables>;
  readonly now?: () => Date;
}

/** The audit log stored in the team database (redacted on write, append-only). */
export function createAuditLog(options: AuditLogOptions): AuditLog {
  const now = options.now ?? (() => new Date());
  return {
    async record(entry) {
      await options.db
        .insertInto('audit_event')
        .values({
          id: randomUUID(),
          at: now().toISOString(),
          actor_user_id: entry.actorUserId ?? null,
          action: entry.action,
          target: entry.target ?? null,
          details: JSON.stringify(redactDetails(entry.details ?? {})),
        })
        .execute();
    },
    async list({ limit = 100, before } = {}) {
      let query = options.db.selectFrom('audit_event').selectAll();
      if (before !== undefined)
        query = query.where((eb) =>
          eb.or([eb('at', '<', before.at), eb.and([eb('at', '=', before.at), eb('id', '<', before.id)])]),
        );
      const rows = await query
        .orderBy('at', 'desc')
        .orderBy('id', 'desc')
        .limit(Math.min(Math.max(limit, 1), 500))
        .execute();
      return rows.map((row) => ({
        id: row.id,
        at: row.at,
        action: row.action as AuditAction,
        ...(row.actor_user_id === null ? {} : { actorUserId: row.actor_user_id }),
        ...(row.target === null ? {} : { target: row.target }),
        details: JSON.parse(row.details) as Record<string, unknown>,
      }));
    },
  };
}
