import type { OAuthServer } from './types.js';

/**
 * A `[providers.<id>.oauth]` table pointing a provider at the generic oidc-provider server's
 * public client with every endpoint explicit and the generic protocol (127.0.0.1 redirect on
 * an ephemeral port, RFC 8628 device flow). Tests that exercise Switchboard's generic OAuth
 * machinery (refresh races, logout, status) use it for any provider; ChatGPT's own rules are
 * tested against the ChatGPT fake (`startChatGptAuthServer`) instead.
 */
export function genericOAuthToml(
  provider: string,
  server: Pick<OAuthServer, 'issuer' | 'publicClientId'> & { endpoints?: OAuthServer['endpoints'] },
): string {
  const endpoints = server.endpoints ?? {
    authorization: `${server.issuer}/auth`,
    token: `${server.issuer}/token`,
    deviceAuthorization: `${server.issuer}/device/auth`,
    revocation: `${server.issuer}/token/revocation`,
  };
  return [
    `[providers.${provider}.oauth]`,
    `issuer = "${server.issuer}"`,
    `authorization_endpoint = "${endpoints.authorization}"`,
    `token_endpoint = "${endpoints.token}"`,
    `device_authorization_endpoint = "${endpoints.deviceAuthorization}"`,
    `revocation_endpoint = "${endpoints.revocation}"`,
    `client_id = "${server.publicClientId}"`,
    'redirect_port = 0',
    'fallback_ports = []',
    'redirect_host = "127.0.0.1"',
    'device_protocol = "rfc8628"',
    '',
  ].join('\n');
}
