import type { Kysely } from 'kysely';
import type { AuditLog } from '../../audit/create-audit-log.js';
import type { TeamTables } from '../../storage/team-schema.js';
import type { UserStore } from '../../users/create-user-store.js';
import type { EnrollmentStore } from '../create-enrollment-store.js';
import type { IdentityProvider } from './create-identity-provider-store.js';
import type { IdentityStore } from './create-identity-store.js';
import type { ExternalIdentity } from './create-oidc-sign-in-client.js';
import { decideSsoOutcome, type SsoRefusal } from './decide-sso-outcome.js';

/** A verified external identity and how it arrived. */
export interface SsoArrival {
  readonly provider: IdentityProvider;
  readonly identity: ExternalIdentity;
  readonly mode: 'sign-in' | 'link';
  readonly linkingUserId?: string;
  readonly enrollmentToken?: string;
}

/** The member to sign in (or who linked), or why not. */
export type SsoMemberResult =
  | { readonly kind: 'member'; readonly userId: string }
  | { readonly kind: 'refused'; readonly reason: SsoRefusal | 'enrollment-used' };

/** Finds, links or creates the member of a verified external identity. */
export type ResolveSsoMember = (arrival: SsoArrival) => Promise<SsoMemberResult>;

/**
 * Reads the facts {@link decideSsoOutcome} needs, and carries out its decision: links (using up
 * an enrollment link atomically), creates a member, marks the member's email verified when a
 * provider verified that same address, and audits every link.
 */
export function createSsoMemberResolver(options: {
  db: Kysely<TeamTables>;
  identities: IdentityStore;
  users: UserStore;
  enrollments: EnrollmentStore;
  auditLog: AuditLog;
}): ResolveSsoMember {
  const { db, identities, users, enrollments, auditLog } = options;

  async function memberByEmail(email: string | undefined) {
    if (email === undefined) return undefined;
    const row = await db
      .selectFrom('auth_user')
      .innerJoin('team_user', 'team_user.id', 'auth_user.id')
      .select(['auth_user.id as id', 'auth_user.emailVerified as emailVerified', 'team_user.disabled_at as disabledAt'])
      .where('auth_user.email', '=', email)
      .executeTakeFirst();
    return row
      ? { userId: row.id, emailVerified: Boolean(row.emailVerified), disabled: row.disabledAt !== null }
      : undefined;
  }

  async function markEmailVerified(userId: string, identity: ExternalIdentity): Promise<void> {
    if (!identity.emailVerified || identity.email === undefined) return;
    // Only the same address: a provider's verified claim proves nothing about another one.
    await db
      .updateTable('auth_user')
      .set({ emailVerified: 1 })
      .where('id', '=', userId)
      .where('email', '=', identity.email)
      .execute();
  }

  return async (arrival) => {
    const { provider, identity } = arrival;
    const linked = await identities.find(identity.issuer, identity.subject);
    const linkedUser = linked ? await users.get(linked.userId) : undefined;
    const enrollment = arrival.enrollmentToken ? await enrollments.peek(arrival.enrollmentToken) : undefined;
    const emailMember = await memberByEmail(identity.email);
    const outcome = decideSsoOutcome({
      mode: arrival.mode,
      ...(arrival.linkingUserId ? { linkingUserId: arrival.linkingUserId } : {}),
      ...(enrollment ? { enrollmentUserId: enrollment.userId } : {}),
      ...(linked ? { linkedTo: { userId: linked.userId, disabled: linkedUser?.disabled ?? true } } : {}),
      provider,
      identity,
      ...(emailMember ? { emailMember } : {}),
    });
    switch (outcome.kind) {
      case 'refuse':
        return { kind: 'refused', reason: outcome.reason };
      case 'sign-in':
        await identities.recordUse(linked!.id);
        return { kind: 'member', userId: outcome.userId };
      case 'already-linked':
        return { kind: 'member', userId: outcome.userId };
      case 'create-member': {
        const user = await users.create({ email: identity.email!, role: 'user' });
        await auditLog.record({
          actorUserId: user.id,
          action: 'user-invited',
          target: user.id,
          details: { role: 'user', via: 'sso sign-up', provider: provider.id },
        });
        return link(user.id, 'sign-up');
      }
      case 'link':
        if (outcome.via === 'enrollment') {
          const used = await enrollments.consume(arrival.enrollmentToken!);
          if (used?.userId !== outcome.userId) return { kind: 'refused', reason: 'enrollment-used' };
        }
        return link(outcome.userId, outcome.via);
    }

    async function link(userId: string, via: string): Promise<SsoMemberResult> {
      const created = await identities.link({
        userId,
        issuer: identity.issuer,
        subject: identity.subject,
        providerId: provider.id,
        email: identity.email ?? null,
        emailVerified: identity.emailVerified,
      });
      await identities.recordUse(created.id);
      await markEmailVerified(userId, identity);
      await auditLog.record({
        actorUserId: userId,
        action: 'identity-linked',
        target: userId,
        details: { provider: provider.id, issuer: identity.issuer, via },
      });
      return { kind: 'member', userId };
    }
  };
}
