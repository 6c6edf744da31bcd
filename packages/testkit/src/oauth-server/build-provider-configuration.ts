import type { Configuration, ProviderClient, ProviderContext, ProviderToken } from 'oidc-provider';
import type { MemoryStore } from './create-memory-store.js';
import type { WebClient } from './types.js';
import { deviceSuccessSource, renderError, userCodeConfirmSource, userCodeInputSource } from './device-flow-pages.js';

/** Every option of startOAuthServer, resolved to a value. */
export interface ResolvedOAuthServerOptions {
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  deviceCodeTtlSeconds: number;
  clientCredentialsTtlSeconds: number;
  rotateRefreshTokens: boolean;
  publicClientId: string;
  confidentialClientId: string;
  confidentialClientSecret: string;
  confidentialClientAuthMethod: 'client_secret_post' | 'client_secret_basic';
  extraClaims: (accountId: string) => Record<string, unknown>;
  deviceIntervalSeconds: number;
  redirectPaths: string[];
  confidentialClientScopes: string[];
  webClients: WebClient[];
}

export interface ProviderConfigurationInput {
  options: ResolvedOAuthServerOptions;
  store: MemoryStore;
  /** Private signing key (RS256) as a JWK. */
  signingKey: Record<string, unknown>;
  cookieKeys: string[];
}

const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '[::1]'];
const STANDARD_SCOPES = ['openid', 'offline_access', 'profile', 'email'];

/** Claims of an account: the login is the subject. */
export function accountClaims(
  accountId: string,
  extraClaims: (accountId: string) => Record<string, unknown>,
): Record<string, unknown> {
  return { email: `${accountId}@example.test`, email_verified: true, ...extraClaims(accountId), sub: accountId };
}

/** The oidc-provider configuration of the test server. */
export function buildProviderConfiguration(input: ProviderConfigurationInput): Configuration {
  const { options, store } = input;
  // oidc-provider must know every claim name up front; extraClaims is documented to return
  // the same names for every account, so one probe finds them.
  const claimNames = Object.keys(accountClaims('probe', options.extraClaims));
  const redirectUris = LOOPBACK_HOSTS.flatMap((host) =>
    options.redirectPaths.map((path) => `http://${host}${path.startsWith('/') ? path : `/${path}`}`),
  );

  return {
    adapter: (model: string) => store.adapterFor(model),
    jwks: { keys: [input.signingKey] },
    cookies: { keys: input.cookieKeys },
    clients: [
      {
        client_id: options.publicClientId,
        application_type: 'native',
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code', 'refresh_token', DEVICE_CODE_GRANT],
        response_types: ['code'],
        redirect_uris: redirectUris,
      },
      {
        client_id: options.confidentialClientId,
        client_secret: options.confidentialClientSecret,
        token_endpoint_auth_method: options.confidentialClientAuthMethod,
        grant_types: ['client_credentials'],
        response_types: [],
        redirect_uris: [],
        scope: options.confidentialClientScopes.join(' '),
      },
      // A web client's redirect_uri must equal one of its registered URIs exactly (OpenID Connect
      // Core 1.0 §3.1.2.1; RFC 6749 §3.1.2.3) — no loopback port leeway, unlike the native client;
      // oidc-provider refuses any other with invalid_redirect_uri (tested in oauth-server.test.ts).
      ...options.webClients.map((client) => ({
        client_id: client.clientId,
        client_secret: client.clientSecret,
        application_type: 'web' as const,
        token_endpoint_auth_method: 'client_secret_basic',
        grant_types: ['authorization_code'],
        response_types: ['code'],
        redirect_uris: client.redirectUris,
      })),
    ],
    scopes: [...STANDARD_SCOPES, ...options.confidentialClientScopes],
    // Every claim rides on 'openid' so any OIDC login gets them in its id_token.
    claims: { openid: ['sub', ...claimNames.filter((name) => name !== 'sub')] },
    conformIdTokenClaims: false,
    findAccount: async (_context: unknown, accountId: string) => ({
      accountId,
      claims: async () => accountClaims(accountId, options.extraClaims),
    }),
    pkce: { required: () => true },
    issueRefreshToken: async (_context: unknown, client: ProviderClient) => client.grantTypeAllowed('refresh_token'),
    rotateRefreshToken: options.rotateRefreshTokens,
    expiresWithSession: async () => false,
    clientBasedCORS: () => false,
    renderError,
    ttl: {
      AccessToken: options.accessTokenTtlSeconds,
      IdToken: options.accessTokenTtlSeconds,
      AuthorizationCode: 60,
      ClientCredentials: options.clientCredentialsTtlSeconds,
      DeviceCode: options.deviceCodeTtlSeconds,
      RefreshToken: options.refreshTokenTtlSeconds,
      Grant: options.refreshTokenTtlSeconds,
      Session: options.refreshTokenTtlSeconds,
      Interaction: 3600,
    },
    features: {
      devInteractions: { enabled: true },
      clientCredentials: { enabled: true },
      introspection: {
        enabled: true,
        allowedPolicy: async (_context: ProviderContext, client: ProviderClient, token: ProviderToken) =>
          client.clientAuthMethod !== 'none' || token.clientId === client.clientId,
      },
      revocation: {
        enabled: true,
        allowedPolicy: async (_context: ProviderContext, client: ProviderClient, token: ProviderToken) =>
          token.clientId === client.clientId,
      },
      deviceFlow: {
        enabled: true,
        userCodeInputSource,
        userCodeConfirmSource,
        successSource: deviceSuccessSource,
      },
    },
  };
}
