import { SwitchboardError, type ProviderId } from '@switchboard/core';
import type { Context, Hono } from 'hono';
import type { AuditLog } from '../audit/create-audit-log.js';
import type { TeamAppEnv } from '../app/principal.js';
import { requirePrincipal } from '../app/require-principal.js';
import { readJsonBody } from '../app/read-json-body.js';
import type { CredentialChecker } from './create-credential-checker.js';
import type { CredentialOwner, CredentialStore } from './create-credential-store.js';
import { parseTeamSecret } from './team-secret.js';

/** What {@link registerCredentialRoutes} needs; without a store (no master key) the routes say so. */
export interface CredentialRoutesOptions {
  readonly store: CredentialStore | undefined;
  readonly check: CredentialChecker;
  readonly auditLog: AuditLog;
  readonly now?: () => Date;
}

/**
 * The workspace's provider credentials (`/api/admin/credentials`, admins) and each user's own
 * (`/api/me/credentials`, any signed-in user): list, save (checked at the provider first; a
 * refused credential is not stored), remove. Answers show a credential's last four characters,
 * never the secret; every change is in the audit log.
 */
export function registerCredentialRoutes(app: Hono<TeamAppEnv>, options: CredentialRoutesOptions): void {
  const now = options.now ?? (() => new Date());
  const storeOrFail = (): CredentialStore => {
    if (options.store) return options.store;
    throw new SwitchboardError(
      'STORE_UNAVAILABLE',
      'The team server has no master key, so it cannot keep provider credentials: set SWITCHBOARD_TEAM_MASTER_KEYS (or SWITCHBOARD_TEAM_MASTER_KEY_FILE) and restart it.',
    );
  };
  const routes = (
    base: string,
    ownerOf: (context: Context<TeamAppEnv>) => { owner: CredentialOwner; actor: string },
  ) => {
    app.get(base, async (context) => {
      const { owner } = ownerOf(context);
      return context.json({ credentials: await storeOrFail().list(owner) });
    });
    app.put(`${base}/:provider`, async (context) => {
      const { owner, actor } = ownerOf(context);
      const store = storeOrFail();
      const { provider, secret } = parseTeamSecret(context.req.param('provider'), await readJsonBody(context.req.raw));
      // A key file or an app's client secret proves itself by getting a token, then that token is checked.
      let credential;
      try {
        credential = await store.credentialFor(provider, secret);
      } catch (error) {
        const message = error instanceof SwitchboardError ? error.message : 'the provider refused it.';
        throw new SwitchboardError('INVALID_REQUEST', `Not saved: ${message}`, { status: 422, provider });
      }
      const refused = await options.check(provider, credential);
      if (refused)
        throw new SwitchboardError('INVALID_REQUEST', `Not saved: ${refused.message}`, { status: 422, provider });
      const saved = await store.save(owner, provider, secret, now().toISOString());
      await options.auditLog.record({
        actorUserId: actor,
        action: 'credential-changed',
        target: provider,
        details: { change: 'saved', scope: owner.scope, method: saved.method, hint: saved.hint },
      });
      return context.json({ credential: saved });
    });
    app.delete(`${base}/:provider`, async (context) => {
      const { owner, actor } = ownerOf(context);
      const provider = context.req.param('provider') as ProviderId;
      const removed = await storeOrFail().remove(owner, provider);
      if (!removed)
        throw new SwitchboardError('INVALID_REQUEST', `No ${provider} credential is stored there.`, { status: 404 });
      await options.auditLog.record({
        actorUserId: actor,
        action: 'credential-changed',
        target: provider,
        details: { change: 'removed', scope: owner.scope },
      });
      return context.json({ removed: true });
    });
  };
  routes('/api/admin/credentials', (context) => {
    const admin = requirePrincipal(context, 'admin');
    return { owner: { scope: 'workspace' }, actor: admin.userId };
  });
  routes('/api/me/credentials', (context) => {
    const user = requirePrincipal(context);
    return { owner: { scope: 'user', userId: user.userId }, actor: user.userId };
  });
}
