import type { ProviderId } from '../ids.js';
import type { ProviderProfile } from '../catalog/provider-profiles.js';
import type { NamedSession } from '../vault/session-entries.js';
import type { ProviderStatus, SessionStatus } from './types.js';

/**
 * Builds the public status of one provider: its sessions, the active one's facts at the top
 * level, or an environment key when no session is stored.
 */
export function providerStatus(
  profile: ProviderProfile,
  sessions: readonly NamedSession[],
  activeSession: NamedSession | undefined,
  options: { active: boolean; environmentKey?: string },
): ProviderStatus {
  const provider: ProviderId = profile.id;
  const listed = sessions.map((entry) => describeSession(profile, entry, entry.key === activeSession?.key));
  const current = listed.find((entry) => entry.active);
  if (!current) {
    return {
      provider,
      name: profile.name,
      loggedIn: options.environmentKey !== undefined,
      method: options.environmentKey ? 'api-key' : null,
      account: options.environmentKey ? `$${options.environmentKey}` : null,
      plan: null,
      expiresAt: null,
      refreshable: false,
      active: options.environmentKey ? options.active : false,
      session: null,
      sessions: listed,
    };
  }
  return {
    provider,
    name: profile.name,
    loggedIn: true,
    method: current.method,
    account: current.account,
    plan: current.plan,
    expiresAt: current.expiresAt,
    refreshable: current.refreshable,
    active: options.active,
    session: current.name,
    sessions: listed,
  };
}

function describeSession(profile: ProviderProfile, entry: NamedSession, active: boolean): SessionStatus {
  const { session } = entry;
  const refreshable =
    (session.method === 'oauth' && Boolean(session.refreshToken)) ||
    (session.method === 'service-account' && Boolean(session.serviceAccount)) ||
    session.method === 'adc' ||
    (session.method === 'client-credentials' &&
      Boolean(session.clientId && (session.clientSecret || profile.oauth?.clientSecret)));
  return {
    ref: entry.key,
    name: entry.name,
    method: session.method,
    account: session.account ?? session.metadata.email ?? null,
    plan: session.metadata.plan ?? null,
    expiresAt: session.expiresAt === undefined ? null : new Date(session.expiresAt).toISOString(),
    refreshable,
    active,
  };
}

/** A short, non-secret hint of an API key: its prefix and last four characters. */
export function apiKeyHint(apiKey: string): string {
  const trimmed = apiKey.trim();
  if (trimmed.length < 12) return 'API key';
  const prefix = /^[a-z]+-/i.exec(trimmed)?.[0] ?? '';
  return `${prefix}…${trimmed.slice(-4)}`;
}
