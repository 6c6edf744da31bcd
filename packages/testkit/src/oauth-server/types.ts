/** Options of {@link startOAuthServer}; every one is optional. */
export interface OAuthServerOptions {
  /** Lifetime of access tokens (and id_tokens) in seconds. Default 3600. */
  accessTokenTtlSeconds?: number;
  /** Lifetime of refresh tokens in seconds. Default 14 days. */
  refreshTokenTtlSeconds?: number;
  /** Lifetime of a device authorization (device_code / user_code) in seconds. Default 600. */
  deviceCodeTtlSeconds?: number;
  /** Lifetime of client-credentials access tokens in seconds. Default 3600. */
  clientCredentialsTtlSeconds?: number;
  /** Rotate refresh tokens on every use (re-use of an old one revokes the grant). Default true. */
  rotateRefreshTokens?: boolean;
  /** Default 'sb-native'. */
  publicClientId?: string;
  /** Default 'sb-service'. */
  confidentialClientId?: string;
  /** Default 'sb-service-secret'. */
  confidentialClientSecret?: string;
  /**
   * How the confidential client authenticates at the token, revocation and introspection
   * endpoints. Default 'client_secret_post' (openid-client's default for a client secret).
   */
  confidentialClientAuthMethod?: 'client_secret_post' | 'client_secret_basic';
  /**
   * Extra id_token claims per account (the account id is the login typed on the login page).
   * Merged over the default `{ email: '<login>@example.test', email_verified: true }`.
   * Must return the same claim names for every account: oidc-provider needs them at startup.
   */
  extraClaims?: (accountId: string) => Record<string, unknown>;
  /** Polling interval advertised in device authorization responses. Default 1. */
  deviceIntervalSeconds?: number;
  /**
   * Loopback callback paths the public client may use (any port, on 127.0.0.1, localhost
   * and [::1]). Default: '/callback', '/auth/callback', '/oauth2callback', '/oauth/callback', '/'.
   */
  redirectPaths?: string[];
  /**
   * The issuer to advertise instead of `http://127.0.0.1:<port>`, for a server reached under
   * another name through a proxy (e.g. `https://auth.test` behind the testkit's intercepting
   * proxy). The server then trusts X-Forwarded-Proto for the scheme of the URLs it builds.
   */
  publicOrigin?: string;
  /** Scopes the confidential client may request. Default ['api.read', 'api.write']. */
  confidentialClientScopes?: string[];
  /**
   * Web applications that sign people in (authorization code + PKCE, a client secret at the
   * token endpoint by `client_secret_basic`), each allowed exactly the redirect URIs it lists —
   * as an identity provider registers a relying party. Default none.
   */
  webClients?: WebClient[];
}

/** A registered web application (a relying party signing people in). */
export interface WebClient {
  clientId: string;
  clientSecret: string;
  /** Exact redirect URIs; any other is refused at the authorization endpoint. */
  redirectUris: string[];
}

/** A fault injected at the token endpoint (only there). */
export type OAuthServerFault = 'none' | 'token-500' | 'token-hang' | 'token-invalid-grant';

/** Successful token responses, counted per grant type. */
export interface GrantsServed {
  authorization_code: number;
  refresh_token: number;
  device_code: number;
  client_credentials: number;
}

/** Endpoint URLs of a running {@link OAuthServer}. */
export interface OAuthServerEndpoints {
  authorization: string;
  token: string;
  deviceAuthorization: string;
  revocation: string;
  introspection: string;
  discovery: string;
}

/** A running OAuth 2 / OIDC server on 127.0.0.1 (oidc-provider). */
export interface OAuthServer {
  /** e.g. `http://127.0.0.1:41234` (no trailing slash), or the `publicOrigin` given. */
  issuer: string;
  /** `http://127.0.0.1:<port>`: where the server really listens (for a headless user outside a proxy). */
  loopbackOrigin: string;
  port: number;
  publicClientId: string;
  confidentialClientId: string;
  confidentialClientSecret: string;
  endpoints: OAuthServerEndpoints;
  /** A copy of the counters of successful token responses. */
  grantsServed(): GrantsServed;
  /** Revocation requests seen (whatever their outcome). */
  revocations(): number;
  /** Token requests currently held open by the 'token-hang' fault. */
  hungRequests(): number;
  /** Introspects the token (access or refresh) at the server. */
  isTokenActive(token: string): Promise<boolean>;
  /** Switches the token endpoint fault; 'none' restores normal answers. */
  setFault(fault: OAuthServerFault): void;
  /** Revokes every grant: all its access and refresh tokens die (refresh → invalid_grant). */
  revokeAllGrants(): Promise<void>;
  /** Stops the server, ending open and hung requests. */
  close(): Promise<void>;
}
