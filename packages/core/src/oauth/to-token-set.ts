import type { TokenEndpointResponse, TokenEndpointResponseHelpers } from 'openid-client';
import type { TokenSet } from './types.js';

/**
 * Maps a token endpoint response (RFC wire names) to a {@link TokenSet} once, at the
 * protocol boundary. `claims` are the id_token claims openid-client already validated.
 * `previousRefreshToken` is kept when the server did not rotate it.
 */
export function toTokenSet(
  response: TokenEndpointResponse & TokenEndpointResponseHelpers,
  now: () => number,
  previousRefreshToken?: string,
): TokenSet {
  const refreshToken = response.refresh_token ?? previousRefreshToken;
  const claims = response.id_token ? response.claims() : undefined;
  return {
    accessToken: response.access_token,
    ...(refreshToken ? { refreshToken } : {}),
    ...(response.id_token ? { idToken: response.id_token } : {}),
    ...(typeof response.expires_in === 'number' ? { expiresAt: now() + response.expires_in * 1000 } : {}),
    ...(response.scope ? { scope: response.scope } : {}),
    ...(response.token_type ? { tokenType: response.token_type } : {}),
    ...(claims ? { claims: { ...claims } } : {}),
  };
}
