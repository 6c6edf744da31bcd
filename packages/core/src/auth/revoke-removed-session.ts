import type { OAuthProfile } from '../catalog/provider-profiles.js';
import { revokeToken } from '../oauth/revoke-token.js';
import type { StoredSession } from '../vault/session.js';
import { importOriginOf } from './import/import-types.js';

/**
 * Revokes a removed session's grant at the provider, when it has one. A session borrowed from
 * another CLI is not revoked: that would sign the other CLI out too (the note says so).
 */
export async function revokeRemovedSession(
  session: StoredSession,
  oauth: OAuthProfile | undefined,
  fetchImplementation: typeof fetch,
): Promise<{ revoked: boolean; note?: string }> {
  if (!oauth || (session.method !== 'oauth' && session.method !== 'client-credentials')) return { revoked: false };
  const borrowedFrom = importOriginOf(session.metadata);
  if (borrowedFrom)
    return {
      revoked: false,
      note: `This session was borrowed from ${borrowedFrom}, so it was not revoked: ${borrowedFrom} stays signed in.`,
    };
  let revoked = false;
  // Revoke the refresh token first: revoking it ends the whole grant at most servers.
  for (const [token, hint] of [
    [session.refreshToken, 'refresh_token'],
    [session.accessToken, 'access_token'],
  ] as const) {
    if (!token) continue;
    const result = await revokeToken({ profile: oauth, fetch: fetchImplementation, token, tokenTypeHint: hint });
    revoked ||= result.revoked;
  }
  return { revoked };
}
