import { isSwitchboardError } from '../errors.js';
import { createOAuthConfiguration, type OAuthConnectionOptions } from './create-oauth-configuration.js';
import { mapOAuthError } from './map-oauth-error.js';
import { createRequestDeadline } from './request-deadline.js';

/** Options of {@link revokeToken}. */
export interface RevokeTokenOptions extends OAuthConnectionOptions {
  /** The token to revoke; revoking a refresh token usually ends the whole grant. */
  token: string;
  tokenTypeHint?: 'refresh_token' | 'access_token';
  signal?: AbortSignal;
  /** Gives up after this long. Default 10 s. */
  timeoutMs?: number;
}

/** What {@link revokeToken} did. */
export interface RevokeTokenResult {
  revoked: boolean;
  /** Why not, in words a person can read (never contains the token). */
  reason?: string;
  /** The error code when revocation was attempted and failed. */
  code?: string;
}

const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * Token revocation (RFC 7009) at the profile's revocation endpoint, explicit or discovered.
 * Never throws: logout must go on when revocation is unsupported or fails, so the result
 * says whether the server confirmed it and, if not, why.
 */
export async function revokeToken(options: RevokeTokenOptions): Promise<RevokeTokenResult> {
  const deadline = createRequestDeadline(options.timeoutMs ?? DEFAULT_TIMEOUT_MS, options.signal);
  try {
    const client = await import('openid-client');
    const configuration = await createOAuthConfiguration({
      ...options,
      signal: deadline.signal,
      requiredEndpoints: ['revocation'],
    });
    await client.tokenRevocation(
      configuration,
      options.token,
      options.tokenTypeHint ? { token_type_hint: options.tokenTypeHint } : {},
    );
    return { revoked: true };
  } catch (error) {
    if (isSwitchboardError(error, 'UNSUPPORTED_METHOD') || isSwitchboardError(error, 'INVALID_CONFIG')) {
      return { revoked: false, reason: 'The provider has no token revocation endpoint.', code: error.code };
    }
    const mapped = mapOAuthError(error, {
      operation: 'revocation',
      provider: options.provider,
      signal: deadline.signal,
      secrets: [options.token, options.profile.clientSecret],
    });
    return { revoked: false, reason: mapped.message, code: mapped.code };
  } finally {
    deadline.dispose();
  }
}
