import type { Configuration } from 'openid-client';
import type { AuthorizationRequest } from './create-authorization-request.js';
import { mapOAuthError } from './map-oauth-error.js';
import { toTokenSet } from './to-token-set.js';
import type { TokenSet } from './types.js';

/** Options of {@link exchangeAuthorizationCode}. */
export interface ExchangeAuthorizationCodeOptions {
  configuration: Configuration;
  request: AuthorizationRequest;
  /** redirect_uri + the authorization response's query (code, state, iss). */
  callbackUrl: URL;
  now: () => number;
  provider?: string;
  /** Secrets of the login besides the code and verifier (e.g. the client secret), kept out of errors. */
  secrets?: Array<string | undefined>;
  signal?: AbortSignal;
}

/**
 * Validates the authorization response (state, iss) and exchanges the code with the PKCE
 * verifier (and checks the id_token's nonce for OIDC). Errors are mapped with
 * {@link mapOAuthError}; none carries the code or verifier.
 */
export async function exchangeAuthorizationCode(options: ExchangeAuthorizationCodeOptions): Promise<TokenSet> {
  const client = await import('openid-client');
  const { request } = options;
  try {
    const response = await client.authorizationCodeGrant(options.configuration, options.callbackUrl, {
      pkceCodeVerifier: request.codeVerifier,
      expectedState: request.state,
      ...(request.nonce ? { expectedNonce: request.nonce } : {}),
    });
    return toTokenSet(response, options.now);
  } catch (error) {
    throw mapOAuthError(error, {
      operation: 'code_exchange',
      provider: options.provider,
      signal: options.signal,
      secrets: [
        options.callbackUrl.searchParams.get('code') ?? undefined,
        request.codeVerifier,
        ...(options.secrets ?? []),
      ],
    });
  }
}
