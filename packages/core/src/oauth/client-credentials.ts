import { createOAuthConfiguration, type OAuthConnectionOptions } from './create-oauth-configuration.js';
import { mapOAuthError } from './map-oauth-error.js';
import { createRequestDeadline } from './request-deadline.js';
import { toTokenSet } from './to-token-set.js';
import type { TokenSet } from './types.js';

/** Options of {@link requestClientCredentialsToken}. */
export interface ClientCredentialsOptions extends OAuthConnectionOptions {
  /** Cancels the request (→ `CANCELLED`). */
  signal?: AbortSignal;
  /** Gives up after this long, discovery included (→ `TIMEOUT`). Default 15 s. */
  timeoutMs?: number;
  /** Clock (epoch ms) for `expiresAt`. Default `Date.now`. */
  now?: () => number;
}

const DEFAULT_TIMEOUT_MS = 15_000;

/**
 * The client credentials grant (RFC 6749 §4.4), e.g. Entra ID for Azure OpenAI: sends the
 * profile's scopes (and `audience` when set) with the client secret.
 * @throws SwitchboardError `AUTH_FAILED` (bad client id/secret), `INVALID_CONFIG`,
 *   `PROVIDER_UNAVAILABLE`, `NETWORK`, `TIMEOUT`, `CANCELLED`, `OAUTH_FAILED`.
 */
export async function requestClientCredentialsToken(options: ClientCredentialsOptions): Promise<TokenSet> {
  const client = await import('openid-client');
  const { profile } = options;
  const now = options.now ?? Date.now;
  const deadline = createRequestDeadline(options.timeoutMs ?? DEFAULT_TIMEOUT_MS, options.signal);
  try {
    const configuration = await createOAuthConfiguration({
      ...options,
      signal: deadline.signal,
      requiredEndpoints: ['token'],
    });
    const parameters: Record<string, string> = {};
    if (profile.scopes.length > 0) parameters.scope = profile.scopes.join(' ');
    if (profile.audience) parameters.audience = profile.audience;
    const response = await client.clientCredentialsGrant(configuration, parameters);
    return toTokenSet(response, now);
  } catch (error) {
    throw mapOAuthError(error, {
      operation: 'client_credentials',
      provider: options.provider,
      signal: deadline.signal,
      secrets: [profile.clientSecret],
    });
  } finally {
    deadline.dispose();
  }
}

/** Options of {@link createClientCredentialsCache}. */
export interface ClientCredentialsCacheOptions extends Omit<ClientCredentialsOptions, 'signal'> {
  /** Fetch a new token this long before the cached one expires. Default 5 minutes. */
  refreshBeforeExpiryMs?: number;
}

/** A cached client-credentials token, fetched once and renewed before it expires. */
export interface ClientCredentialsCache {
  /**
   * A token valid for at least the refresh window (or, if renewing failed, the cached one
   * while it has not expired). Concurrent calls share one request.
   */
  getToken(): Promise<TokenSet>;
  /** Forgets the cached token (e.g. after the API answered 401). */
  invalidate(): void;
}

const DEFAULT_REFRESH_BEFORE_EXPIRY_MS = 5 * 60_000;

/**
 * Creates a {@link ClientCredentialsCache}: the token is requested on first use, reused
 * until it is within `refreshBeforeExpiryMs` of expiry, then renewed with one in-flight
 * request shared by every caller (single-flight in this process). A token without
 * `expires_in` is kept until {@link ClientCredentialsCache.invalidate}.
 */
export function createClientCredentialsCache(options: ClientCredentialsCacheOptions): ClientCredentialsCache {
  const now = options.now ?? Date.now;
  const refreshBeforeExpiryMs = options.refreshBeforeExpiryMs ?? DEFAULT_REFRESH_BEFORE_EXPIRY_MS;
  let cached: TokenSet | undefined;
  let inFlight: Promise<TokenSet> | undefined;
  let generation = 0;

  const isFresh = (token: TokenSet): boolean =>
    token.expiresAt === undefined || token.expiresAt - refreshBeforeExpiryMs > now();
  const isUsable = (token: TokenSet): boolean => token.expiresAt === undefined || token.expiresAt > now();

  const renew = (): Promise<TokenSet> => {
    if (inFlight) return inFlight;
    const started = generation;
    const request: Promise<TokenSet> = requestClientCredentialsToken({ ...options, now })
      .then(
        (token) => {
          if (started === generation) cached = token;
          return token;
        },
        (error: unknown) => {
          // Renewing early failed: the old token still works until it expires.
          if (started === generation && cached && isUsable(cached)) return cached;
          throw error;
        },
      )
      .finally(() => {
        if (inFlight === request) inFlight = undefined;
      });
    inFlight = request;
    return request;
  };

  return {
    getToken: async () => (cached && isFresh(cached) ? cached : renew()),
    invalidate: () => {
      generation += 1;
      cached = undefined;
      inFlight = undefined;
    },
  };
}
