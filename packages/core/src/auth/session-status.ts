import type { ProviderId } from '../ids.js';
import type { ProviderProfile } from '../catalog/provider-profiles.js';
import type { StoredSession } from '../vault/session.js';
import type { ProviderStatus } from './types.js';

/** Builds the public status of one provider from its stored session (or an environment key). */
export function sessionStatus(
  profile: ProviderProfile,
  session: StoredSession | undefined,
  options: { active: boolean; environmentKey?: string },
): ProviderStatus {
  const provider: ProviderId = profile.id;
  if (!session) {
    if (options.environmentKey) {
      return {
        provider,
        name: profile.name,
        loggedIn: true,
        method: 'api-key',
        account: `$${options.environmentKey}`,
        plan: null,
        expiresAt: null,
        refreshable: false,
        active: options.active,
      };
    }
    return {
      provider,
      name: profile.name,
      loggedIn: false,
      method: null,
      account: null,
      plan: null,
      expiresAt: null,
      refreshable: false,
      active: false,
    };
  }
  const refreshable =
    (session.method === 'oauth' && Boolean(session.refreshToken)) ||
    (session.method === 'service-account' && Boolean(session.serviceAccount)) ||
    session.method === 'adc' ||
    (session.method === 'client-credentials' &&
      Boolean(session.clientId && (session.clientSecret || profile.oauth?.clientSecret)));
  return {
    provider,
    name: profile.name,
    loggedIn: true,
    method: session.method,
    account: session.account ?? session.metadata.email ?? null,
    plan: session.metadata.plan ?? null,
    expiresAt: session.expiresAt === undefined ? null : new Date(session.expiresAt).toISOString(),
    refreshable,
    active: options.active,
  };
}

/** A short, non-secret hint of an API key: its prefix and last four characters. */
export function apiKeyHint(apiKey: string): string {
  const trimmed = apiKey.trim();
  if (trimmed.length < 12) return 'API key';
  const prefix = /^[a-z]+-/i.exec(trimmed)?.[0] ?? '';
  return `${prefix}…${trimmed.slice(-4)}`;
}
