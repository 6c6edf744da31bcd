import { createOAuthConfiguration, type OAuthConnectionOptions } from './create-oauth-configuration.js';
import { mapOAuthError } from './map-oauth-error.js';
import { createRequestDeadline } from './request-deadline.js';
import { toTokenSet } from './to-token-set.js';
import type { TokenSet } from './types.js';

/** Options of {@link refreshTokens}. */
export interface RefreshTokensOptions extends OAuthConnectionOptions {
  refreshToken: string;
  /** Cancels the refresh (→ `CANCELLED`). */
  signal?: AbortSignal;
  /**
   * Gives up after this long, discovery included (→ `TIMEOUT`), so a hung token endpoint
   * never hangs the caller. Default 15 s.
   */
  timeoutMs?: number;
  /** Clock (epoch ms) for `expiresAt`. Default `Date.now`. */
  now?: () => number;
}

const DEFAULT_TIMEOUT_MS = 15_000;

/**
 * The refresh token grant. Returns the new tokens, keeping the old refresh token when the
 * server does not rotate it, and `claims` from a new id_token when one came back.
 * @throws SwitchboardError `SESSION_EXPIRED` (terminal: invalid_grant, revoked, reused;
 *   see `isTerminalAuthError`), `PROVIDER_UNAVAILABLE` (5xx, retryable), `NETWORK`,
 *   `TIMEOUT`, `CANCELLED`, `AUTH_FAILED` (client rejected), `OAUTH_FAILED`.
 */
export async function refreshTokens(options: RefreshTokensOptions): Promise<TokenSet> {
  const client = await import('openid-client');
  const now = options.now ?? Date.now;
  const deadline = createRequestDeadline(options.timeoutMs ?? DEFAULT_TIMEOUT_MS, options.signal);
  try {
    const configuration = await createOAuthConfiguration({
      ...options,
      signal: deadline.signal,
      requiredEndpoints: ['token'],
    });
    const response = await client.refreshTokenGrant(configuration, options.refreshToken);
    return toTokenSet(response, now, options.refreshToken);
  } catch (error) {
    throw mapOAuthError(error, {
      operation: 'refresh',
      provider: options.provider,
      signal: deadline.signal,
      secrets: [options.refreshToken, options.profile.clientSecret],
    });
  } finally {
    deadline.dispose();
  }
}
