import { SwitchboardError } from '@switchboard/core';
import type { Context, Hono } from 'hono';
import type { Kysely } from 'kysely';
import type { AuditLog } from '../audit/create-audit-log.js';
import type { TeamAppEnv } from '../app/principal.js';
import { readJsonBody } from '../app/read-json-body.js';
import type { TeamTables } from '../storage/team-schema.js';
import type { SignInGuard } from './create-sign-in-guard.js';
import { AUTH_BASE_PATH, type TeamAuth } from './create-team-auth.js';
import { removeSignInMethod } from './remove-sign-in-method.js';

/** The one text every failed sign-in gets, whatever failed (an unknown passkey, a replayed state…). */
export const SIGN_IN_FAILED_MESSAGE =
  'Sign-in failed. Try again, sign in another way, or ask an administrator for a new enrollment link.';

/** better-auth routes the team server serves; the rest of better-auth's API stays unreachable. */
const ALLOWED = new Set([
  'GET /get-session',
  'POST /sign-out',
  'GET /passkey/generate-register-options',
  'POST /passkey/verify-registration',
  'GET /passkey/generate-authenticate-options',
  'POST /passkey/verify-authentication',
  'GET /passkey/list-user-passkeys',
  'POST /passkey/delete-passkey',
  'POST /passkey/update-passkey',
  'POST /sso/start',
  'GET /sso/callback',
]);

/** Routes that sign someone in (or start to): rate limited per client, failures all alike. */
const SIGN_IN = new Set([
  'GET /passkey/generate-authenticate-options',
  'POST /passkey/verify-authentication',
  'GET /passkey/generate-register-options',
  'POST /passkey/verify-registration',
  'POST /sso/start',
  'GET /sso/callback',
]);

/** Drops every `token` field: better-auth answers with the session token, which only the cookie may hold. */
function withoutTokens(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutTokens);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>)
      .filter(([key]) => key !== 'token')
      .map(([key, inner]) => [key, withoutTokens(inner)]),
  );
}

function errorFor(status: number, message: string): SwitchboardError {
  if (status === 401) return new SwitchboardError('AUTH_FAILED', message);
  if (status === 403) return new SwitchboardError('PERMISSION_DENIED', message);
  if (status === 429) return new SwitchboardError('RATE_LIMITED', message);
  if (status >= 500) return new SwitchboardError('INTERNAL', 'Sign-in failed on the server; see its log.');
  return new SwitchboardError('INVALID_REQUEST', message, { status: status === 404 || status === 409 ? status : 400 });
}

/**
 * Serves better-auth under `/api/auth`: only the routes the team uses, sign-in routes rate
 * limited per client address (in the database, so every instance counts together), session
 * tokens removed from every JSON answer, failures in the team's error shape — for sign-in, one
 * generic text — and passkey sign-ins, additions and removals audited.
 */
export function registerAuthRoutes(
  app: Hono<TeamAppEnv>,
  options: { auth: TeamAuth; signInGuard: SignInGuard; auditLog: AuditLog; db: Kysely<TeamTables> },
): void {
  const { auth, signInGuard, auditLog } = options;
  app.on(['GET', 'POST'], `${AUTH_BASE_PATH}/*`, async (context) => {
    const path = new URL(context.req.url).pathname.slice(AUTH_BASE_PATH.length);
    const route = `${context.req.method} ${path}`;
    if (!ALLOWED.has(route)) throw new SwitchboardError('INVALID_REQUEST', 'No such route.', { status: 404 });
    // Ours, not better-auth's: the count of the member's other ways in and the removal must be one step.
    if (route === 'POST /passkey/delete-passkey') return removePasskey(context, options);
    const signIn = SIGN_IN.has(route);
    if (signIn) await signInGuard.check(context);
    const response = await auth.handler(context.req.raw);
    if (response.status >= 300 && response.status < 400) return response;
    const text = await response.text();
    let body: unknown;
    try {
      body = text === '' ? null : JSON.parse(text);
    } catch {
      body = null;
    }
    if (response.status >= 400) {
      if (route === 'POST /passkey/verify-authentication')
        await auditLog.record({ action: 'sign-in-failed', details: { method: 'passkey' } });
      if (signIn) throw new SwitchboardError('AUTH_FAILED', SIGN_IN_FAILED_MESSAGE);
      const message = (body as { message?: unknown } | null)?.message;
      throw errorFor(response.status, typeof message === 'string' ? message : 'The request was refused.');
    }
    await auditPasskeyChange(route, body, auditLog);
    const headers = new Headers(response.headers);
    headers.delete('content-length');
    return new Response(body === null ? text : JSON.stringify(withoutTokens(body)), {
      status: response.status,
      headers,
    });
  });
}

async function auditPasskeyChange(route: string, body: unknown, auditLog: AuditLog): Promise<void> {
  const fields = (body ?? {}) as { user?: { id?: unknown }; userId?: unknown; id?: unknown };
  if (route === 'POST /passkey/verify-authentication' && typeof fields.user?.id === 'string')
    await auditLog.record({
      actorUserId: fields.user.id,
      action: 'sign-in',
      target: fields.user.id,
      details: { method: 'passkey' },
    });
  if (route === 'POST /passkey/verify-registration' && typeof fields.userId === 'string')
    await auditLog.record({
      actorUserId: fields.userId,
      action: 'passkey-added',
      target: fields.userId,
      details: { passkey: String(fields.id), signedIn: fields.user !== undefined },
    });
}

/**
 * `POST /api/auth/passkey/delete-passkey` `{ id }` (better-auth's route and answer, served here):
 * removes one of the signed-in member's passkeys unless it is their last way to sign in (409).
 */
async function removePasskey(
  context: Context<TeamAppEnv>,
  options: { auditLog: AuditLog; db: Kysely<TeamTables> },
): Promise<Response> {
  const principal = context.get('principal');
  // A session's, as better-auth asks: a personal API key does not manage passkeys.
  if (!principal || principal.method === 'api-key')
    throw new SwitchboardError('AUTH_FAILED', 'Sign in to manage your passkeys.');
  const body = await readJsonBody(context.req.raw);
  const id = typeof body === 'object' && body !== null ? (body as { id?: unknown }).id : undefined;
  if (typeof id !== 'string' || id === '')
    throw new SwitchboardError('INVALID_REQUEST', 'id must name one of your passkeys.', { status: 400 });
  const removal = await removeSignInMethod(options.db, principal.userId, { kind: 'passkey', id });
  if (removal === 'missing')
    throw new SwitchboardError('INVALID_REQUEST', 'You have no such passkey.', { status: 404 });
  if (removal === 'last')
    throw new SwitchboardError(
      'INVALID_REQUEST',
      'This is your last way to sign in: add another passkey or link an identity first.',
      { status: 409 },
    );
  await options.auditLog.record({ actorUserId: principal.userId, action: 'passkey-removed', target: principal.userId });
  return context.json({ status: true });
}
