import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as client from 'openid-client';
import { afterEach, describe, expect, it } from 'vitest';
import {
  completeBrowserLogin,
  completeDeviceLogin,
  denyBrowserLogin,
  startOAuthServer,
  type OAuthServer,
  type OAuthServerOptions,
} from '../src/index.js';

const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
const servers: OAuthServer[] = [];
const listeners: Server[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
  await Promise.all(
    listeners.splice(0).map(
      (listener) =>
        new Promise<void>((resolve) => {
          listener.closeAllConnections();
          listener.close(() => resolve());
        }),
    ),
  );
});

async function startServer(options: OAuthServerOptions = {}): Promise<OAuthServer> {
  const server = await startOAuthServer(options);
  servers.push(server);
  return server;
}

async function publicClient(server: OAuthServer): Promise<client.Configuration> {
  return client.discovery(new URL(server.issuer), server.publicClientId, undefined, client.None(), {
    execute: [client.allowInsecureRequests],
  });
}

async function confidentialClient(server: OAuthServer): Promise<client.Configuration> {
  return client.discovery(
    new URL(server.issuer),
    server.confidentialClientId,
    undefined,
    client.ClientSecretPost(server.confidentialClientSecret),
    { execute: [client.allowInsecureRequests] },
  );
}

/** The CLI's loopback listener: records the callback URL and answers with a success page. */
async function startLoopbackListener(path: string): Promise<{ redirectUri: string; received: URL[] }> {
  const received: URL[] = [];
  const listener = createServer((request, response) => {
    received.push(new URL(request.url ?? '/', 'http://127.0.0.1'));
    response.writeHead(200, { 'content-type': 'text/plain' });
    response.end('signed in, you can close this tab');
  });
  listeners.push(listener);
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  const { port } = listener.address() as AddressInfo;
  return { redirectUri: `http://127.0.0.1:${port}${path}`, received };
}

interface LoginResult {
  tokens: client.TokenEndpointResponse & client.TokenEndpointResponseHelpers;
  config: client.Configuration;
}

async function loginWithCode(server: OAuthServer, login = 'alice'): Promise<LoginResult> {
  const config = await publicClient(server);
  const redirectUri = 'http://127.0.0.1:1455/auth/callback';
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: 'openid profile email offline_access',
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  });
  const { callbackUrl } = await completeBrowserLogin(url.href, { login });
  const tokens = await client.authorizationCodeGrant(config, new URL(callbackUrl), {
    pkceCodeVerifier: verifier,
    expectedState: state,
    expectedNonce: nonce,
  });
  return { tokens, config };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

function oauthError(error: unknown): { error?: string; status?: number } {
  if (error instanceof client.ResponseBodyError) return { error: error.error, status: error.status };
  throw error;
}

describe('startOAuthServer', () => {
  it('serves discovery on 127.0.0.1 with every endpoint the flows need', async () => {
    const server = await startServer();
    expect(new URL(server.issuer).hostname).toBe('127.0.0.1');
    expect(server.port).toBe(Number(new URL(server.issuer).port));
    const metadata = (await publicClient(server)).serverMetadata();
    expect(metadata.issuer).toBe(server.issuer);
    expect(metadata.authorization_endpoint).toBe(server.endpoints.authorization);
    expect(metadata.token_endpoint).toBe(server.endpoints.token);
    expect(metadata.device_authorization_endpoint).toBe(server.endpoints.deviceAuthorization);
    expect(metadata.revocation_endpoint).toBe(server.endpoints.revocation);
    expect(metadata.introspection_endpoint).toBe(server.endpoints.introspection);
    expect(metadata.code_challenge_methods_supported).toContain('S256');
    expect(metadata.grant_types_supported).toEqual(
      expect.arrayContaining(['authorization_code', 'refresh_token', 'client_credentials', DEVICE_GRANT]),
    );
    const direct = await fetch(server.endpoints.discovery);
    expect(((await direct.json()) as { issuer: string }).issuer).toBe(server.issuer);
  });

  it('completes code + PKCE login through a loopback listener, with id_token claims and the configured TTL', async () => {
    const server = await startServer({
      accessTokenTtlSeconds: 1234,
      extraClaims: (accountId) => ({
        'https://api.openai.com/auth': { chatgpt_account_id: `acct-${accountId}`, chatgpt_plan_type: 'plus' },
      }),
    });
    const config = await publicClient(server);
    const { redirectUri, received } = await startLoopbackListener('/auth/callback');
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: 'openid profile email offline_access',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });

    const result = await completeBrowserLogin(url.href, { login: 'alice', followCallback: true });

    expect(result.callbackStatus).toBe(200);
    expect(result.callbackBody).toContain('signed in');
    expect(received).toHaveLength(1);
    const callback = new URL(result.callbackUrl);
    expect(`${callback.origin}${callback.pathname}`).toBe(redirectUri);
    expect(callback.searchParams.get('state')).toBe(state);
    expect(received[0]?.searchParams.get('code')).toBe(callback.searchParams.get('code'));

    const tokens = await client.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: verifier,
      expectedState: state,
      expectedNonce: nonce,
    });
    expect(tokens.access_token).toEqual(expect.any(String));
    expect(tokens.refresh_token).toEqual(expect.any(String));
    expect(tokens.expires_in).toBeGreaterThan(1200);
    expect(tokens.expires_in).toBeLessThanOrEqual(1234);
    const claims = tokens.claims();
    expect(claims?.sub).toBe('alice');
    expect(claims?.email).toBe('alice@example.test');
    expect(claims?.['https://api.openai.com/auth']).toEqual({
      chatgpt_account_id: 'acct-alice',
      chatgpt_plan_type: 'plus',
    });
    expect(server.grantsServed()).toEqual({
      authorization_code: 1,
      refresh_token: 0,
      device_code: 0,
      client_credentials: 0,
    });
    expect(await server.isTokenActive(tokens.access_token)).toBe(true);
  });

  it('accepts any loopback port on the registered callback paths and rejects other paths', async () => {
    const server = await startServer();
    const config = await publicClient(server);
    const challenge = await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier());
    for (const redirectUri of ['http://127.0.0.1:8085/oauth2callback', 'http://localhost:1457/auth/callback']) {
      const url = client.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri,
        scope: 'openid',
        code_challenge: challenge,
        code_challenge_method: 'S256',
      });
      const { callbackUrl } = await completeBrowserLogin(url.href);
      expect(new URL(callbackUrl).searchParams.get('code')).toEqual(expect.any(String));
      expect(callbackUrl.startsWith(redirectUri)).toBe(true);
    }
    const rejected = client.buildAuthorizationUrl(config, {
      redirect_uri: 'http://127.0.0.1:8085/elsewhere',
      scope: 'openid',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    const error = await rejection(completeBrowserLogin(rejected.href));
    expect(String(error)).toMatch(/invalid_redirect_uri/);
    // The error names the page, never the query (which may carry codes or state).
    expect(String(error)).not.toContain(challenge);
  });

  it('signs a registered web client in at its exact redirect URI only, with its secret', async () => {
    const redirectUri = 'http://localhost:4999/api/auth/sso/callback';
    const server = await startServer({
      webClients: [{ clientId: 'team-web', clientSecret: 'team-web-secret', redirectUris: [redirectUri] }],
    });
    const config = await client.discovery(new URL(server.issuer), 'team-web', 'team-web-secret', undefined, {
      execute: [client.allowInsecureRequests],
    });
    const verifier = client.randomPKCECodeVerifier();
    const authorize = async (uri: string) =>
      client.buildAuthorizationUrl(config, {
        redirect_uri: uri,
        scope: 'openid email',
        code_challenge: await client.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        state: 'state-1',
      }).href;
    const { callbackUrl } = await completeBrowserLogin(await authorize(redirectUri), { login: 'grace' });
    expect(callbackUrl.startsWith(`${redirectUri}?`)).toBe(true);
    const tokens = await client.authorizationCodeGrant(config, new URL(callbackUrl), {
      pkceCodeVerifier: verifier,
      expectedState: 'state-1',
    });
    expect(tokens.claims()?.sub).toBe('grace');
    // Another port, or another path, of the same host is not the registered URI.
    for (const wrong of ['http://localhost:5000/api/auth/sso/callback', 'http://localhost:4999/callback'])
      expect(String(await rejection(completeBrowserLogin(await authorize(wrong))))).toMatch(/invalid_redirect_uri/);
  });

  it('requires PKCE and checks the verifier', async () => {
    const server = await startServer();
    const config = await publicClient(server);
    const withoutPkce = client.buildAuthorizationUrl(config, {
      redirect_uri: 'http://127.0.0.1:1455/auth/callback',
      scope: 'openid',
      state: 'state-1',
    });
    const { callbackUrl } = await completeBrowserLogin(withoutPkce.href);
    expect(new URL(callbackUrl).searchParams.get('error')).toBe('invalid_request');

    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: 'http://127.0.0.1:1455/auth/callback',
      scope: 'openid',
      code_challenge: await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()),
      code_challenge_method: 'S256',
    });
    const login = await completeBrowserLogin(url.href);
    const error = await rejection(
      client.authorizationCodeGrant(config, new URL(login.callbackUrl), {
        pkceCodeVerifier: client.randomPKCECodeVerifier(),
      }),
    );
    expect(oauthError(error).error).toBe('invalid_grant');
    expect(server.grantsServed().authorization_code).toBe(0);
  });

  it('lets the user deny the login: the callback carries access_denied', async () => {
    const server = await startServer();
    const config = await publicClient(server);
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: 'http://127.0.0.1:1455/auth/callback',
      scope: 'openid',
      state: 'denied-state',
      code_challenge: await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()),
      code_challenge_method: 'S256',
    });
    const callback = new URL(await denyBrowserLogin(url.href));
    expect(callback.searchParams.get('error')).toBe('access_denied');
    expect(callback.searchParams.get('state')).toBe('denied-state');
    expect(callback.searchParams.has('code')).toBe(false);
  });

  it('rotates refresh tokens; re-using an old one fails and revokes the whole grant', async () => {
    const server = await startServer({ refreshTokenTtlSeconds: 7200 });
    const { tokens, config } = await loginWithCode(server);
    const first = tokens.refresh_token ?? '';

    const introspected = await client.tokenIntrospection(await confidentialClient(server), first);
    expect(introspected.active).toBe(true);
    expect((introspected.exp ?? 0) - (introspected.iat ?? 0)).toBe(7200);

    const refreshed = await client.refreshTokenGrant(config, first);
    const second = refreshed.refresh_token ?? '';
    expect(second).toEqual(expect.any(String));
    expect(second).not.toBe(first);
    expect(refreshed.access_token).not.toBe(tokens.access_token);
    expect(refreshed.claims()?.sub).toBe('alice');

    expect(oauthError(await rejection(client.refreshTokenGrant(config, first))).error).toBe('invalid_grant');
    expect(oauthError(await rejection(client.refreshTokenGrant(config, second))).error).toBe('invalid_grant');
    expect(await server.isTokenActive(refreshed.access_token)).toBe(false);
    expect(server.grantsServed().refresh_token).toBe(1);
  });

  it('keeps the refresh token when rotation is off', async () => {
    const server = await startServer({ rotateRefreshTokens: false });
    const { tokens, config } = await loginWithCode(server);
    const first = await client.refreshTokenGrant(config, tokens.refresh_token ?? '');
    const second = await client.refreshTokenGrant(config, tokens.refresh_token ?? '');
    expect(first.refresh_token).toBe(tokens.refresh_token);
    expect(second.access_token).not.toBe(first.access_token);
    expect(server.grantsServed().refresh_token).toBe(2);
  });

  it('runs the device authorization grant with a fast polling interval', async () => {
    const server = await startServer({ deviceCodeTtlSeconds: 321 });
    const config = await publicClient(server);
    const device = await client.initiateDeviceAuthorization(config, { scope: 'openid offline_access' });
    expect(device.interval).toBe(1);
    expect(device.expires_in).toBeGreaterThan(300);
    expect(device.expires_in).toBeLessThanOrEqual(321);
    expect(device.verification_uri).toBe(`${server.issuer}/device`);

    const polling = client.pollDeviceAuthorizationGrant(config, device);
    await completeDeviceLogin(device.verification_uri, device.user_code, { login: 'bob' });
    const tokens = await polling;

    expect(tokens.access_token).toEqual(expect.any(String));
    expect(tokens.refresh_token).toEqual(expect.any(String));
    expect(tokens.claims()?.sub).toBe('bob');
    expect(tokens.claims()?.email).toBe('bob@example.test');
    expect(server.grantsServed().device_code).toBe(1);
  });

  it('completes a device login from verification_uri_complete', async () => {
    const server = await startServer();
    const config = await publicClient(server);
    const device = await client.initiateDeviceAuthorization(config, { scope: 'openid' });
    expect(device.verification_uri_complete).toContain(encodeURIComponent(device.user_code).slice(0, 2));
    const polling = client.pollDeviceAuthorizationGrant(config, device);
    await completeDeviceLogin(device.verification_uri_complete ?? '', device.user_code, { login: 'carol' });
    const tokens = await polling;
    expect(tokens.claims()?.sub).toBe('carol');
    // Refresh tokens are issued to the native client even without offline_access.
    expect(tokens.refresh_token).toEqual(expect.any(String));
  });

  it('rejects a wrong user code on the device page', async () => {
    const server = await startServer();
    const config = await publicClient(server);
    const device = await client.initiateDeviceAuthorization(config, { scope: 'openid' });
    const error = await rejection(completeDeviceLogin(device.verification_uri, 'WRONG-CODE'));
    expect(String(error)).toMatch(/device login stopped at .*\/device/);
    expect(String(error)).not.toContain('WRONG-CODE');
  });

  it('issues client-credentials tokens to the confidential client', async () => {
    const server = await startServer({ clientCredentialsTtlSeconds: 900 });
    const config = await confidentialClient(server);
    const tokens = await client.clientCredentialsGrant(config, { scope: 'api.read' });
    expect(tokens.access_token).toEqual(expect.any(String));
    expect(tokens.token_type.toLowerCase()).toBe('bearer');
    expect(tokens.scope).toBe('api.read');
    expect(tokens.expires_in).toBeGreaterThan(880);
    expect(tokens.expires_in).toBeLessThanOrEqual(900);
    expect(await server.isTokenActive(tokens.access_token)).toBe(true);
    expect(server.grantsServed().client_credentials).toBe(1);

    const wrongSecret = await client.discovery(
      new URL(server.issuer),
      server.confidentialClientId,
      undefined,
      client.ClientSecretPost('not-the-secret'),
      { execute: [client.allowInsecureRequests] },
    );
    expect(oauthError(await rejection(client.clientCredentialsGrant(wrongSecret, { scope: 'api.read' }))).error).toBe(
      'invalid_client',
    );
    expect(server.grantsServed().client_credentials).toBe(1);
  });

  it('counts revocations and deactivates the revoked tokens', async () => {
    const server = await startServer();
    const { tokens, config } = await loginWithCode(server);
    expect(server.revocations()).toBe(0);

    await client.tokenRevocation(config, tokens.access_token);
    expect(server.revocations()).toBe(1);
    expect(await server.isTokenActive(tokens.access_token)).toBe(false);

    await client.tokenRevocation(config, tokens.refresh_token ?? '');
    expect(server.revocations()).toBe(2);
    expect(await server.isTokenActive(tokens.refresh_token ?? '')).toBe(false);
    expect(oauthError(await rejection(client.refreshTokenGrant(config, tokens.refresh_token ?? ''))).error).toBe(
      'invalid_grant',
    );
  });

  it('revokeAllGrants kills every session: refresh → invalid_grant', async () => {
    const server = await startServer();
    const alice = await loginWithCode(server, 'alice');
    const bob = await loginWithCode(server, 'bob');
    await server.revokeAllGrants();
    for (const { tokens, config } of [alice, bob]) {
      expect(await server.isTokenActive(tokens.access_token)).toBe(false);
      expect(oauthError(await rejection(client.refreshTokenGrant(config, tokens.refresh_token ?? ''))).error).toBe(
        'invalid_grant',
      );
    }
    const again = await loginWithCode(server, 'alice');
    expect(await server.isTokenActive(again.tokens.access_token)).toBe(true);
  });

  it('expires access tokens and device codes at their configured TTL', async () => {
    const server = await startServer({ accessTokenTtlSeconds: 1, deviceCodeTtlSeconds: 1 });
    const { tokens, config } = await loginWithCode(server);
    expect(tokens.expires_in).toBeLessThanOrEqual(1);
    await expect.poll(() => server.isTokenActive(tokens.access_token), { timeout: 15_000, interval: 250 }).toBe(false);
    const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token ?? '');
    expect(await server.isTokenActive(refreshed.access_token)).toBe(true);

    // openid-client's own poller gives up client-side at expires_in; ask the server directly.
    const device = await client.initiateDeviceAuthorization(config, { scope: 'openid' });
    const pollOnce = async () =>
      oauthError(await rejection(client.genericGrantRequest(config, DEVICE_GRANT, { device_code: device.device_code })))
        .error;
    expect(await pollOnce()).toMatch(/^(authorization_pending|expired_token)$/);
    await expect.poll(pollOnce, { timeout: 15_000, interval: 250 }).toBe('expired_token');
  });

  it('keeps servers in one process apart', async () => {
    const first = await startServer();
    const second = await startServer();
    expect(first.port).not.toBe(second.port);
    const { tokens } = await loginWithCode(first);
    expect(await first.isTokenActive(tokens.access_token)).toBe(true);
    expect(await second.isTokenActive(tokens.access_token)).toBe(false);
    await second.revokeAllGrants();
    expect(await first.isTokenActive(tokens.access_token)).toBe(true);
    expect(second.grantsServed().authorization_code).toBe(0);
  });

  it('injects token endpoint faults: 500, invalid_grant, then back to normal', async () => {
    const server = await startServer();
    const { tokens, config } = await loginWithCode(server);
    const refreshToken = tokens.refresh_token ?? '';

    server.setFault('token-500');
    // openid-client does not parse error bodies of 5xx answers; the Response is the cause.
    const serverError = await rejection(client.refreshTokenGrant(config, refreshToken));
    expect(serverError).toBeInstanceOf(client.ClientError);
    const response = (serverError as client.ClientError).cause as Response;
    expect(response.status).toBe(500);
    expect(await response.json()).toMatchObject({ error: 'server_error' });

    server.setFault('token-invalid-grant');
    const invalidGrant = oauthError(await rejection(client.refreshTokenGrant(config, refreshToken)));
    expect(invalidGrant).toEqual({ error: 'invalid_grant', status: 400 });

    // Only the token endpoint is affected.
    expect((await fetch(server.endpoints.discovery)).status).toBe(200);
    expect(await server.isTokenActive(refreshToken)).toBe(true);

    server.setFault('none');
    const refreshed = await client.refreshTokenGrant(config, refreshToken);
    expect(refreshed.access_token).toEqual(expect.any(String));
    expect(server.grantsServed().refresh_token).toBe(1);
  });

  it('hangs the token endpoint until the client gives up', async () => {
    const server = await startServer();
    const config = await confidentialClient(server);
    const abort = new AbortController();
    config[client.customFetch] = (url, options) => fetch(url, { ...options, signal: abort.signal });
    server.setFault('token-hang');
    const outcome = client.clientCredentialsGrant(config, { scope: 'api.read' }).then(
      () => 'answered',
      () => 'failed',
    );
    await expect.poll(() => server.hungRequests(), { timeout: 10_000 }).toBe(1);
    abort.abort();
    expect(await outcome).toBe('failed');
    await expect.poll(() => server.hungRequests(), { timeout: 10_000 }).toBe(0);
    expect(server.grantsServed().client_credentials).toBe(0);

    server.setFault('none');
    const healthy = await client.clientCredentialsGrant(await confidentialClient(server), { scope: 'api.read' });
    expect(healthy.access_token).toEqual(expect.any(String));
  });

  it('close() ends hung token requests', async () => {
    const server = await startOAuthServer();
    const config = await confidentialClient(server);
    server.setFault('token-hang');
    const outcome = client.clientCredentialsGrant(config, { scope: 'api.read' }).then(
      () => 'answered',
      () => 'failed',
    );
    await expect.poll(() => server.hungRequests(), { timeout: 10_000 }).toBe(1);
    await server.close();
    expect(await outcome).toBe('failed');
    expect(server.hungRequests()).toBe(0);
  });
});
