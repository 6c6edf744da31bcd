import { SwitchboardError } from '@switchboard/core';
import type { Hono } from 'hono';
import type { Kysely } from 'kysely';
import type { AuditLog } from '../audit/create-audit-log.js';
import type { TeamAppEnv } from '../app/principal.js';
import { readJsonBody } from '../app/read-json-body.js';
import { requirePrincipal } from '../app/require-principal.js';
import type { TeamTables } from '../storage/team-schema.js';
import type { UserStore } from '../users/create-user-store.js';
import { removeSignInMethod } from './remove-sign-in-method.js';
import type { EnrollmentStore } from './create-enrollment-store.js';
import type { SignInGuard } from './create-sign-in-guard.js';
import { SIGN_IN_FAILED_MESSAGE } from './register-auth-routes.js';
import type { IdentityProviderStore } from './sso/create-identity-provider-store.js';
import type { IdentityStore } from './sso/create-identity-store.js';

/**
 * What the sign-in page and a member's settings need besides better-auth's routes:
 * - `GET /api/sign-in/options` (anyone): the enabled identity providers, one button each;
 * - `POST /api/enrollment/lookup` `{ token }` (anyone, rate limited): whom an enrollment link is
 *   for, so the page can greet them — the same generic failure for every bad token;
 * - `GET /api/me/identities`, `DELETE /api/me/identities/:id` (the member): linked identities;
 *   the last way to sign in cannot be removed (409). Linking is `POST /api/auth/sso/start`
 *   with `mode: "link"`.
 */
export function registerIdentityRoutes(
  app: Hono<TeamAppEnv>,
  options: {
    db: Kysely<TeamTables>;
    identityProviders: IdentityProviderStore;
    identities: IdentityStore;
    enrollments: EnrollmentStore;
    users: UserStore;
    signInGuard: SignInGuard;
    auditLog: AuditLog;
  },
): void {
  const { identityProviders, identities, enrollments, users, auditLog } = options;
  app.get('/api/sign-in/options', async (context) => {
    const providers = (await identityProviders.list())
      .filter((provider) => provider.enabled)
      .map(({ id, name, preset }) => ({ id, name, preset }));
    return context.json({ passkeys: true, identityProviders: providers });
  });

  app.post('/api/enrollment/lookup', async (context) => {
    await options.signInGuard.check(context);
    const body = (await readJsonBody(context.req.raw)) as { token?: unknown } | null;
    const token = typeof body?.token === 'string' ? body.token : '';
    const enrollment = token ? await enrollments.peek(token) : undefined;
    const member = enrollment ? await users.get(enrollment.userId) : undefined;
    if (!enrollment || !member || member.disabled) throw new SwitchboardError('AUTH_FAILED', SIGN_IN_FAILED_MESSAGE);
    return context.json({ email: member.email, role: member.role, expiresAt: enrollment.expiresAt });
  });

  app.get('/api/me/identities', async (context) => {
    const { userId } = requirePrincipal(context);
    const linked = await identities.listForUser(userId);
    return context.json({
      identities: linked.map(({ id, providerId, issuer, email, createdAt, lastUsedAt }) => ({
        id,
        providerId,
        issuer,
        email,
        createdAt,
        lastUsedAt,
      })),
    });
  });

  app.delete('/api/me/identities/:id', async (context) => {
    const { userId } = requirePrincipal(context);
    const id = context.req.param('id');
    const owned = (await identities.listForUser(userId)).find((identity) => identity.id === id);
    if (!owned) throw new SwitchboardError('INVALID_REQUEST', 'You have no such linked identity.', { status: 404 });
    const removal = await removeSignInMethod(options.db, userId, { kind: 'identity', id });
    if (removal === 'missing')
      throw new SwitchboardError('INVALID_REQUEST', 'You have no such linked identity.', { status: 404 });
    if (removal === 'last')
      throw new SwitchboardError(
        'INVALID_REQUEST',
        'This is your last way to sign in: add a passkey or link another identity first.',
        { status: 409 },
      );
    await auditLog.record({
      actorUserId: userId,
      action: 'identity-unlinked',
      target: userId,
      details: { provider: owned.providerId, issuer: owned.issuer },
    });
    return context.json({ unlinked: id });
  });
}
