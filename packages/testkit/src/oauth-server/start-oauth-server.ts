import { generateKeyPair, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import Provider, { type ProviderContext } from 'oidc-provider';
import { buildProviderConfiguration, type ResolvedOAuthServerOptions } from './build-provider-configuration.js';
import { createMemoryStore } from './create-memory-store.js';
import type { GrantsServed, OAuthServer, OAuthServerFault, OAuthServerOptions } from './types.js';

const GRANT_TYPE_COUNTERS: Record<string, keyof GrantsServed> = {
  authorization_code: 'authorization_code',
  refresh_token: 'refresh_token',
  'urn:ietf:params:oauth:grant-type:device_code': 'device_code',
  client_credentials: 'client_credentials',
};

function resolveOptions(options: OAuthServerOptions): ResolvedOAuthServerOptions {
  return {
    accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 3600,
    refreshTokenTtlSeconds: options.refreshTokenTtlSeconds ?? 14 * 24 * 3600,
    deviceCodeTtlSeconds: options.deviceCodeTtlSeconds ?? 600,
    clientCredentialsTtlSeconds: options.clientCredentialsTtlSeconds ?? 3600,
    rotateRefreshTokens: options.rotateRefreshTokens ?? true,
    publicClientId: options.publicClientId ?? 'sb-native',
    confidentialClientId: options.confidentialClientId ?? 'sb-service',
    confidentialClientSecret: options.confidentialClientSecret ?? 'sb-service-secret',
    confidentialClientAuthMethod: options.confidentialClientAuthMethod ?? 'client_secret_post',
    extraClaims: options.extraClaims ?? (() => ({})),
    deviceIntervalSeconds: options.deviceIntervalSeconds ?? 1,
    redirectPaths: options.redirectPaths ?? ['/callback', '/auth/callback', '/oauth2callback', '/oauth/callback', '/'],
    confidentialClientScopes: options.confidentialClientScopes ?? ['api.read', 'api.write'],
    webClients: options.webClients ?? [],
  };
}

async function createSigningKey(): Promise<Record<string, unknown>> {
  const { privateKey } = await promisify(generateKeyPair)('rsa', { modulusLength: 2048 });
  return { ...privateKey.export({ format: 'jwk' }), kid: randomBytes(8).toString('hex'), alg: 'RS256', use: 'sig' };
}

async function listenOnLoopback(server: Server): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}

/**
 * Builds the provider. Its devInteractions feature always prints a "development-only"
 * warning on construction; construction is synchronous, so that one line is filtered out
 * for exactly that span and console.warn is restored before anything else runs.
 */
function constructQuietly(issuer: string, configuration: Record<string, unknown>): Provider {
  const originalWarn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (typeof args[0] === 'string' && args[0].includes('oidc-provider WARNING: a quick start development-only'))
      return;
    originalWarn(...args);
  };
  try {
    return new Provider(issuer, configuration);
  } finally {
    console.warn = originalWarn;
  }
}

function answerJson(response: ServerResponse, status: number, body: Record<string, string>): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  response.end(JSON.stringify(body));
}

/**
 * Starts a real OAuth 2 / OpenID Connect server (oidc-provider) on 127.0.0.1 with a random
 * port: a public native client (code + PKCE S256, device grant, rotating refresh tokens), a
 * confidential client (client credentials), revocation, introspection, and fault switches
 * at the token endpoint.
 */
export async function startOAuthServer(options: OAuthServerOptions = {}): Promise<OAuthServer> {
  const resolved = resolveOptions(options);
  const store = createMemoryStore();
  const counters: GrantsServed = { authorization_code: 0, refresh_token: 0, device_code: 0, client_credentials: 0 };
  const hungResponses = new Set<ServerResponse>();
  let revocationCount = 0;
  let fault: OAuthServerFault = 'none';
  let delegate: ((request: IncomingMessage, response: ServerResponse) => void) | undefined;

  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    if (path === '/token/revocation') revocationCount += 1;
    if (path === '/token' && fault !== 'none') {
      // Read and drop the body so the connection stays usable for the client's next request.
      request.resume();
      if (fault === 'token-500') {
        answerJson(response, 500, {
          error: 'server_error',
          error_description: 'injected fault: token endpoint failure',
        });
      } else if (fault === 'token-invalid-grant') {
        answerJson(response, 400, { error: 'invalid_grant', error_description: 'injected fault: grant is invalid' });
      } else {
        hungResponses.add(response);
        response.once('close', () => hungResponses.delete(response));
      }
      return;
    }
    if (!delegate) {
      answerJson(response, 503, { error: 'temporarily_unavailable' });
      return;
    }
    delegate(request, response);
  });

  const [port, signingKey] = await Promise.all([listenOnLoopback(server), createSigningKey()]);
  const loopbackOrigin = `http://127.0.0.1:${port}`;
  const issuer = options.publicOrigin?.replace(/\/$/, '') ?? loopbackOrigin;
  const provider = constructQuietly(
    issuer,
    buildProviderConfiguration({
      options: resolved,
      store,
      signingKey,
      cookieKeys: [randomBytes(32).toString('hex')],
    }),
  );

  // RFC 8628 clients wait `interval` seconds between polls (5 when absent); oidc-provider
  // does not send it, so add it for fast tests.
  provider.use(async (context: ProviderContext, next) => {
    await next();
    if (context.path === '/device/auth' && context.status === 200 && context.body && typeof context.body === 'object') {
      context.body = { ...context.body, interval: resolved.deviceIntervalSeconds };
    }
  });
  provider.on('grant.success', (context: ProviderContext) => {
    const grantType = context.oidc?.params?.grant_type;
    const counter = typeof grantType === 'string' ? GRANT_TYPE_COUNTERS[grantType] : undefined;
    if (counter) counters[counter] += 1;
  });
  // Behind a TLS-terminating proxy the scheme comes from X-Forwarded-Proto (koa's `proxy`).
  if (options.publicOrigin !== undefined) (provider as unknown as { proxy: boolean }).proxy = true;
  delegate = provider.callback();

  const endpoints = {
    authorization: `${issuer}/auth`,
    token: `${issuer}/token`,
    deviceAuthorization: `${issuer}/device/auth`,
    revocation: `${issuer}/token/revocation`,
    introspection: `${issuer}/token/introspection`,
    discovery: `${issuer}/.well-known/openid-configuration`,
  };

  async function isTokenActive(token: string): Promise<boolean> {
    const body = new URLSearchParams({ token });
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
    if (resolved.confidentialClientAuthMethod === 'client_secret_basic') {
      const credentials = `${encodeURIComponent(resolved.confidentialClientId)}:${encodeURIComponent(resolved.confidentialClientSecret)}`;
      headers.authorization = `Basic ${Buffer.from(credentials).toString('base64')}`;
    } else {
      body.set('client_id', resolved.confidentialClientId);
      body.set('client_secret', resolved.confidentialClientSecret);
    }
    const response = await fetch(`${loopbackOrigin}/token/introspection`, { method: 'POST', headers, body });
    if (!response.ok) throw new Error(`introspection answered HTTP ${response.status}`);
    const result = (await response.json()) as { active?: unknown };
    return result.active === true;
  }

  return {
    issuer,
    loopbackOrigin,
    port,
    publicClientId: resolved.publicClientId,
    confidentialClientId: resolved.confidentialClientId,
    confidentialClientSecret: resolved.confidentialClientSecret,
    endpoints,
    grantsServed: () => ({ ...counters }),
    revocations: () => revocationCount,
    hungRequests: () => hungResponses.size,
    isTokenActive,
    setFault(next) {
      fault = next;
    },
    async revokeAllGrants() {
      store.revokeAllGrants();
    },
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const response of hungResponses) response.destroy();
      hungResponses.clear();
      server.closeAllConnections();
      await closed;
    },
  };
}
