import { isSwitchboardError } from '@switchboard/core';
import type { BetterAuthPlugin } from 'better-auth';
import { APIError, createAuthEndpoint, getSessionFromCtx } from 'better-auth/api';
import { setSessionCookie } from 'better-auth/cookies';
import type { AuditLog } from '../../audit/create-audit-log.js';
import type { IdentityProviderStore } from './create-identity-provider-store.js';
import type { OidcSignInClient, PendingAuthorization } from './create-oidc-sign-in-client.js';
import type { ResolveSsoMember } from './resolve-sso-member.js';

/** How long a started SSO sign-in may take before its state is forgotten: ten minutes. */
const PENDING_TTL_SECONDS = 600;

/** What is kept (server side, one use) between the redirect and the callback. */
interface PendingSignIn extends PendingAuthorization {
  readonly providerId: string;
  readonly mode: 'sign-in' | 'link';
  readonly linkingUserId?: string;
  readonly enrollmentToken?: string;
  readonly returnTo: string;
}

/** Options of {@link teamSsoPlugin}. */
export interface TeamSsoPluginOptions {
  readonly providers: IdentityProviderStore;
  readonly oidc: OidcSignInClient;
  readonly resolveMember: ResolveSsoMember;
  readonly auditLog: AuditLog;
}

/** Only a same-site path may follow a sign-in (an open redirect would hand a session's browser to anyone). */
function safeReturnTo(value: unknown): string {
  return typeof value === 'string' && /^\/(?![/\\])/.test(value) ? value : '/';
}

function withOutcome(returnTo: string, outcome: string): string {
  const url = new URL(returnTo, 'http://relative.invalid');
  url.searchParams.set('sso', outcome);
  return `${url.pathname}${url.search}${url.hash}`;
}

/**
 * SSO through any OpenID Connect provider, as a better-auth plugin so its sessions are
 * better-auth's: `POST /sso/start` `{ providerId, mode?, enrollmentToken?, returnTo? }` answers
 * `{ url }` to send the browser to; `GET /sso/callback` (one redirect URI for every provider)
 * finishes it. The pending sign-in is stored server side and used once (a replayed state finds
 * nothing) and is bound to the browser that started it by a signed cookie (login CSRF). Every
 * failure lands on `returnTo?sso=failed` — one outcome for every reason, audited with the reason.
 */
export function teamSsoPlugin(options: TeamSsoPluginOptions): BetterAuthPlugin {
  const { providers, oidc, resolveMember, auditLog } = options;
  return {
    id: 'switchboard-sso',
    endpoints: {
      ssoStart: createAuthEndpoint('/sso/start', { method: 'POST' }, async (ctx) => {
        const body = (ctx.body ?? {}) as Record<string, unknown>;
        const providerId = typeof body['providerId'] === 'string' ? body['providerId'] : '';
        const mode = body['mode'] === 'link' ? 'link' : 'sign-in';
        const provider = providerId ? await providers.get(providerId) : undefined;
        if (!provider?.enabled) throw new APIError('BAD_REQUEST', { message: 'No such identity provider.' });
        let linkingUserId: string | undefined;
        if (mode === 'link') {
          const session = await getSessionFromCtx(ctx);
          if (!session) throw new APIError('UNAUTHORIZED', { message: 'Sign in to link an identity.' });
          linkingUserId = session.user.id;
        }
        const redirectUri = `${ctx.context.baseURL}/sso/callback`;
        const { url, pending } = await oidc.begin(provider, redirectUri).catch((error: unknown) => {
          throw new APIError('BAD_GATEWAY', {
            message: isSwitchboardError(error) ? error.message : 'The identity provider could not be reached.',
          });
        });
        const record: PendingSignIn = {
          ...pending,
          providerId,
          mode,
          ...(linkingUserId ? { linkingUserId } : {}),
          ...(typeof body['enrollmentToken'] === 'string' ? { enrollmentToken: body['enrollmentToken'] } : {}),
          returnTo: safeReturnTo(body['returnTo']),
        };
        await ctx.context.internalAdapter.createVerificationValue({
          identifier: `sso:${pending.state}`,
          value: JSON.stringify(record),
          expiresAt: new Date(Date.now() + PENDING_TTL_SECONDS * 1000),
        });
        const cookie = ctx.context.createAuthCookie('sso_state', { maxAge: PENDING_TTL_SECONDS });
        await ctx.setSignedCookie(cookie.name, pending.state, ctx.context.secret, cookie.attributes);
        return ctx.json({ url });
      }),

      ssoCallback: createAuthEndpoint('/sso/callback', { method: 'GET' }, async (ctx) => {
        const query = (ctx.query ?? {}) as Record<string, string>;
        const cookie = ctx.context.createAuthCookie('sso_state', { maxAge: 0 });
        const boundState = await ctx.getSignedCookie(cookie.name, ctx.context.secret);
        ctx.setCookie(cookie.name, '', { ...cookie.attributes, maxAge: 0 });
        let returnTo = '/';
        let refusal = 'state';
        let pending: PendingSignIn | undefined;
        // Where the browser goes next: the only outcome a person (or an attacker) gets to see.
        const finish = async (): Promise<string> => {
          try {
            const state = typeof query['state'] === 'string' ? query['state'] : '';
            // One use: a replayed callback finds nothing; a callback in another browser has no cookie.
            const stored = state ? await ctx.context.internalAdapter.consumeVerificationValue(`sso:${state}`) : null;
            if (!stored || boundState !== state || new Date(stored.expiresAt).getTime() < Date.now())
              throw new Error('state');
            pending = JSON.parse(stored.value) as PendingSignIn;
            returnTo = pending.returnTo;
            refusal = 'provider';
            const provider = await providers.get(pending.providerId);
            if (!provider?.enabled) throw new Error('provider');
            const callbackUrl = new URL(`${ctx.context.baseURL}/sso/callback`);
            for (const [name, value] of Object.entries(query)) callbackUrl.searchParams.set(name, String(value));
            refusal = 'oidc';
            const identity = await oidc.finish(provider, callbackUrl, pending);
            if (pending.mode === 'link') {
              const session = await getSessionFromCtx(ctx);
              if (!session || session.user.id !== pending.linkingUserId) throw new Error('session');
            }
            const result = await resolveMember({
              provider,
              identity,
              mode: pending.mode,
              ...(pending.linkingUserId ? { linkingUserId: pending.linkingUserId } : {}),
              ...(pending.enrollmentToken ? { enrollmentToken: pending.enrollmentToken } : {}),
            });
            if (result.kind === 'refused') {
              refusal = result.reason;
              throw new Error(result.reason);
            }
            if (pending.mode === 'link') return withOutcome(returnTo, 'linked');
            const session = await ctx.context.internalAdapter.createSession(result.userId, false, {
              signInMethod: 'sso',
            });
            const user = session ? await ctx.context.internalAdapter.findUserById(result.userId) : null;
            if (!session || !user) {
              refusal = 'member-disabled';
              throw new Error(refusal);
            }
            await setSessionCookie(ctx, { session, user });
            await auditLog.record({
              actorUserId: result.userId,
              action: 'sign-in',
              target: result.userId,
              details: { method: 'sso', provider: provider.id },
            });
            return withOutcome(returnTo, 'signed-in');
          } catch (error) {
            await auditLog.record({
              ...(pending?.linkingUserId ? { actorUserId: pending.linkingUserId } : {}),
              action: 'sign-in-failed',
              ...(pending ? { target: pending.providerId } : {}),
              details: {
                method: 'sso',
                mode: pending?.mode ?? 'unknown',
                reason: refusal,
                ...(isSwitchboardError(error) ? { failure: error.code, error: error.message } : {}),
              },
            });
            return withOutcome(returnTo, 'failed');
          }
        };
        throw ctx.redirect(await finish());
      }),
    },
  };
}
