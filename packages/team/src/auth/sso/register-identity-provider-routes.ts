import { createOAuthConfiguration, isLoopbackUrl, SwitchboardError } from '@switchboard/core';
import type { Hono } from 'hono';
import type { AuditLog } from '../../audit/create-audit-log.js';
import type { TeamAppEnv } from '../../app/principal.js';
import { readJsonBody } from '../../app/read-json-body.js';
import { requirePrincipal } from '../../app/require-principal.js';
import type {
  IdentityProvider,
  IdentityProviderInput,
  IdentityProviderPreset,
  IdentityProviderStore,
} from './create-identity-provider-store.js';
import { IDENTITY_PROVIDER_PRESETS } from './identity-provider-presets.js';

/** Checks that an issuer is reachable and offers what sign-in needs; throws a SwitchboardError when not. */
export type IdentityProviderChecker = (input: IdentityProviderInput) => Promise<void>;

const ID = /^[a-z0-9][a-z0-9-]{0,59}$/;

function invalid(message: string): SwitchboardError {
  return new SwitchboardError('INVALID_REQUEST', message, { status: 400 });
}

/** The admin's request body, checked and completed from the preset (and from `current` on a change). */
function inputOf(body: unknown, current?: IdentityProvider): IdentityProviderInput {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw invalid('The body must be a JSON object.');
  const fields = body as Record<string, unknown>;
  const text = (name: string) => (typeof fields[name] === 'string' ? (fields[name] as string).trim() : undefined);
  const flag = (name: string, fallback: boolean) => {
    const value = fields[name];
    if (value === undefined) return fallback;
    if (typeof value !== 'boolean') throw invalid(`${name} must be true or false.`);
    return value;
  };
  const id = current?.id ?? text('id') ?? '';
  if (!ID.test(id)) throw invalid('id must be 1-60 lowercase letters, digits or dashes (e.g. "okta").');
  const presetName = text('preset') ?? current?.preset ?? 'oidc';
  if (!(presetName in IDENTITY_PROVIDER_PRESETS)) throw invalid('preset must be "oidc", "google" or "chatgpt".');
  const preset = presetName as IdentityProviderPreset;
  const facts = IDENTITY_PROVIDER_PRESETS[preset];
  const issuer = facts.issuer ?? text('issuer') ?? current?.issuer ?? '';
  let issuerUrl: URL;
  try {
    issuerUrl = new URL(issuer);
  } catch {
    throw invalid('issuer must be the provider\'s issuer URL (e.g. "https://login.example.com").');
  }
  if (issuerUrl.protocol !== 'https:' && !(issuerUrl.protocol === 'http:' && isLoopbackUrl(issuerUrl)))
    throw invalid('issuer must use https.');
  const clientId = text('clientId') ?? current?.clientId ?? '';
  if (!clientId) throw invalid('clientId is required.');
  const secret = fields['clientSecret'];
  if (secret !== undefined && secret !== null && (typeof secret !== 'string' || secret.trim() === ''))
    throw invalid('clientSecret must be a non-empty string, or null for a public client.');
  const scopes = fields['scopes'];
  if (scopes !== undefined && (!Array.isArray(scopes) || !scopes.every((scope) => typeof scope === 'string')))
    throw invalid('scopes must be a list of strings.');
  const chosenScopes = (scopes as string[] | undefined) ?? current?.scopes ?? facts.scopes;
  if (!chosenScopes.includes('openid')) throw invalid('scopes must include "openid".');
  return {
    id,
    name: text('name') ?? current?.name ?? facts.name,
    preset,
    issuer: issuerUrl.href.replace(/\/$/, ''),
    clientId,
    ...(secret === undefined ? {} : { clientSecret: secret === null ? null : (secret as string).trim() }),
    scopes: chosenScopes,
    allowSignUp: flag('allowSignUp', current?.allowSignUp ?? false),
    linkByVerifiedEmail: flag('linkByVerifiedEmail', current?.linkByVerifiedEmail ?? false),
    enabled: flag('enabled', current?.enabled ?? true),
  };
}

/** The default check: OpenID discovery at the issuer finds authorization and token endpoints. */
export function createIdentityProviderChecker(
  fetch: typeof globalThis.fetch = globalThis.fetch,
): IdentityProviderChecker {
  return async (input) => {
    await createOAuthConfiguration({
      profile: { issuer: input.issuer, clientId: input.clientId, scopes: [...input.scopes], oidc: true },
      fetch,
      provider: input.id,
      requiredEndpoints: ['authorization', 'token'],
    });
  };
}

/**
 * Admins manage identity providers at runtime: `GET /api/admin/identity-providers`, `POST` (add),
 * `PATCH …/:id`, `DELETE …/:id`. The issuer is checked by discovery before saving; the client
 * secret is sealed under the master key and never answered (only its last four characters).
 */
export function registerIdentityProviderRoutes(
  app: Hono<TeamAppEnv>,
  options: { store: IdentityProviderStore; check: IdentityProviderChecker; auditLog: AuditLog },
): void {
  const { store, check, auditLog } = options;
  const audit = (actorUserId: string, target: string, change: string) =>
    auditLog.record({ actorUserId, action: 'identity-provider-changed', target, details: { change } });

  app.get('/api/admin/identity-providers', async (context) => {
    requirePrincipal(context, 'admin');
    return context.json({ identityProviders: await store.list() });
  });
  app.post('/api/admin/identity-providers', async (context) => {
    const admin = requirePrincipal(context, 'admin');
    const input = inputOf(await readJsonBody(context.req.raw));
    await check(input);
    const created = await store.create(input);
    await audit(admin.userId, created.id, 'added');
    return context.json({ identityProvider: created }, 201);
  });
  app.patch('/api/admin/identity-providers/:id', async (context) => {
    const admin = requirePrincipal(context, 'admin');
    const current = await store.get(context.req.param('id'));
    if (!current) throw new SwitchboardError('INVALID_REQUEST', 'No such identity provider.', { status: 404 });
    const input = inputOf(await readJsonBody(context.req.raw), current);
    if (input.issuer !== current.issuer || input.clientId !== current.clientId) await check(input);
    const updated = await store.update(input);
    await audit(admin.userId, current.id, 'changed');
    return context.json({ identityProvider: updated });
  });
  app.delete('/api/admin/identity-providers/:id', async (context) => {
    const admin = requirePrincipal(context, 'admin');
    const id = context.req.param('id');
    if (!(await store.remove(id)))
      throw new SwitchboardError('INVALID_REQUEST', 'No such identity provider.', { status: 404 });
    await audit(admin.userId, id, 'removed');
    return context.json({ removed: id });
  });
}
