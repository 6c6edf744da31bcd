import {
  createAuthorizationRequest,
  createOAuthConfiguration,
  mapOAuthError,
  SwitchboardError,
  type AuthorizationRequest,
} from '@switchboard/core';
import type { Configuration } from 'openid-client';
import type { IdentityProvider, IdentityProviderStore } from './create-identity-provider-store.js';

/** Who the identity provider says signed in, from its validated ID token. */
export interface ExternalIdentity {
  /** The `iss` of the ID token (checked against the provider's issuer). */
  readonly issuer: string;
  readonly subject: string;
  readonly email: string | undefined;
  /** Only `email_verified: true` counts; absent or anything else is unverified. */
  readonly emailVerified: boolean;
}

/** What must survive between the redirect to the provider and its callback. */
export type PendingAuthorization = Pick<AuthorizationRequest, 'state' | 'nonce' | 'codeVerifier' | 'redirectUri'>;

/** The relying-party side of OpenID Connect sign-in, for any issuer. */
export interface OidcSignInClient {
  /** The authorization URL (code flow, PKCE S256, state, nonce) and what to keep for the callback. */
  begin(provider: IdentityProvider, redirectUri: string): Promise<{ url: string; pending: PendingAuthorization }>;
  /**
   * Validates the authorization response — state, and the RFC 9207 `iss` parameter (required
   * when the provider advertises `authorization_response_iss_parameter_supported`, compared
   * whenever present) — exchanges the code with the PKCE verifier and validates the ID token
   * (issuer, audience, expiry, nonce).
   * @throws SwitchboardError mapped from the OAuth failure; never carrying the code or verifier.
   */
  finish(provider: IdentityProvider, callbackUrl: URL, pending: PendingAuthorization): Promise<ExternalIdentity>;
}

const CONFIGURATION_TTL_MS = 10 * 60_000;

/**
 * The OIDC client over openid-client (discovery, PKCE, nonce, iss checks are its own), with one
 * discovered configuration per provider kept for ten minutes and dropped when the provider changes.
 */
export function createOidcSignInClient(options: {
  providers: Pick<IdentityProviderStore, 'clientSecret'>;
  fetch?: typeof globalThis.fetch;
  now?: () => number;
}): OidcSignInClient {
  const fetch = options.fetch ?? globalThis.fetch;
  const now = options.now ?? Date.now;
  const cache = new Map<string, { key: string; until: number; configuration: Promise<Configuration> }>();

  function configurationOf(provider: IdentityProvider): Promise<Configuration> {
    const key = `${provider.updatedAt} ${provider.issuer} ${provider.clientId}`;
    const cached = cache.get(provider.id);
    if (cached && cached.key === key && cached.until > now()) return cached.configuration;
    const configuration = (async () => {
      const clientSecret = await options.providers.clientSecret(provider.id);
      return createOAuthConfiguration({
        profile: {
          issuer: provider.issuer,
          clientId: provider.clientId,
          ...(clientSecret ? { clientSecret } : {}),
          scopes: [...provider.scopes],
          oidc: true,
        },
        fetch,
        provider: provider.id,
        requiredEndpoints: ['authorization', 'token'],
      });
    })();
    cache.set(provider.id, { key, until: now() + CONFIGURATION_TTL_MS, configuration });
    configuration.catch(() => cache.delete(provider.id));
    return configuration;
  }

  return {
    async begin(provider, redirectUri) {
      const configuration = await configurationOf(provider);
      const request = await createAuthorizationRequest({
        configuration,
        profile: { scopes: [...provider.scopes], oidc: true },
        redirectUri,
      });
      const { url, state, nonce, codeVerifier } = request;
      return { url, pending: { state, ...(nonce ? { nonce } : {}), codeVerifier, redirectUri } };
    },
    async finish(provider, callbackUrl, pending) {
      const configuration = await configurationOf(provider);
      const client = await import('openid-client');
      let claims: Record<string, unknown> | undefined;
      try {
        const response = await client.authorizationCodeGrant(
          configuration,
          callbackUrl,
          {
            pkceCodeVerifier: pending.codeVerifier,
            expectedState: pending.state,
            ...(pending.nonce ? { expectedNonce: pending.nonce } : {}),
            idTokenExpected: true,
          },
          { redirect_uri: pending.redirectUri },
        );
        claims = response.claims() as Record<string, unknown> | undefined;
      } catch (error) {
        throw mapOAuthError(error, {
          operation: 'code_exchange',
          provider: provider.id,
          secrets: [callbackUrl.searchParams.get('code') ?? undefined, pending.codeVerifier],
        });
      }
      const subject = claims?.['sub'];
      const issuer = claims?.['iss'];
      if (typeof subject !== 'string' || subject === '' || typeof issuer !== 'string')
        throw new SwitchboardError('AUTH_FAILED', 'The identity provider returned no subject.');
      const email = claims?.['email'];
      return {
        issuer,
        subject,
        email: typeof email === 'string' && email !== '' ? email.toLowerCase() : undefined,
        emailVerified: claims?.['email_verified'] === true,
      };
    },
  };
}
