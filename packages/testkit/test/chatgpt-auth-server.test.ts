import { createHash, randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import {
  completeBrowserLogin,
  completeDeviceLogin,
  startChatGptAuthServer,
  type ChatGptAuthServer,
  type ChatGptAuthServerOptions,
} from '../src/index.js';

// Ports of the redirect allow-list. Nothing listens on them in these tests (the browser's
// last redirect is read, not followed), so they need not be free.
const PORT = 41455;
const servers: ChatGptAuthServer[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function start(options: ChatGptAuthServerOptions = {}): Promise<ChatGptAuthServer> {
  const server = await startChatGptAuthServer({ redirectPorts: [PORT], ...options });
  servers.push(server);
  return server;
}

function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(64).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

function authorizeUrl(server: ChatGptAuthServer, overrides: Record<string, string | null> = {}): string {
  const parameters: Record<string, string | null> = {
    response_type: 'code',
    client_id: server.clientId,
    redirect_uri: `http://localhost:${PORT}/auth/callback`,
    scope: 'openid profile email offline_access',
    code_challenge: pkce().challenge,
    code_challenge_method: 'S256',
    state: randomBytes(32).toString('base64url'),
    ...overrides,
  };
  const url = new URL(`${server.issuer}/oauth/authorize`);
  for (const [name, value] of Object.entries(parameters)) if (value !== null) url.searchParams.set(name, value);
  return url.href;
}

async function postForm(url: string, parameters: Record<string, string>): Promise<Response> {
  return fetch(url, { method: 'POST', body: new URLSearchParams(parameters) });
}

async function postJson(url: string, body: unknown): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

/** Signs in through the login page and returns the code, verifier and redirect used. */
async function signIn(server: ChatGptAuthServer): Promise<{ code: string; verifier: string; redirectUri: string }> {
  const { verifier, challenge } = pkce();
  const redirectUri = `http://localhost:${PORT}/auth/callback`;
  const { callbackUrl } = await completeBrowserLogin(authorizeUrl(server, { code_challenge: challenge }));
  const code = new URL(callbackUrl).searchParams.get('code');
  if (!code) throw new Error('no code');
  return { code, verifier, redirectUri };
}

/** The authorization_code grant, as the Codex CLI sends it (form-encoded). */
function exchange(
  server: ChatGptAuthServer,
  grant: { code: string; verifier: string; redirectUri: string },
  overrides: Record<string, string> = {},
): Promise<Response> {
  return postForm(`${server.issuer}/oauth/token`, {
    grant_type: 'authorization_code',
    code: grant.code,
    redirect_uri: grant.redirectUri,
    client_id: server.clientId,
    code_verifier: grant.verifier,
    ...overrides,
  });
}

async function tokens(server: ChatGptAuthServer): Promise<Record<string, string>> {
  const response = await exchange(server, await signIn(server));
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, string>;
}

async function refresh(server: ChatGptAuthServer, refreshToken: string): Promise<Response> {
  return postJson(`${server.issuer}/oauth/token`, {
    client_id: server.clientId,
    grant_type: 'refresh_token',
    refresh_token: refreshToken,
  });
}

describe('startChatGptAuthServer: the authorize endpoint', () => {
  it('defaults to the real allow-list, http://localhost:1455 and :1457 /auth/callback', async () => {
    const server = await startChatGptAuthServer();
    servers.push(server);
    expect(server.redirectUris).toEqual(['http://localhost:1455/auth/callback', 'http://localhost:1457/auth/callback']);
  });

  it('accepts the exact localhost redirect and shows the login page', async () => {
    const server = await start();
    const response = await fetch(authorizeUrl(server));
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('name="login"');
  });

  it.each([
    ['127.0.0.1 instead of localhost', `http://127.0.0.1:${PORT}/auth/callback`],
    ['another port', `http://localhost:${PORT + 1}/auth/callback`],
    ['another path', `http://localhost:${PORT}/callback`],
    ['a trailing slash', `http://localhost:${PORT}/auth/callback/`],
  ])('refuses a redirect_uri with %s with an error page, never a redirect', async (_case, redirectUri) => {
    const server = await start();
    const response = await fetch(authorizeUrl(server, { redirect_uri: redirectUri }), { redirect: 'manual' });
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
    expect(await response.text()).toContain('not whitelisted');
    expect(server.refused()).toEqual([
      { endpoint: '/oauth/authorize', rule: 'redirect_uri must be exactly one of the allow-list' },
    ]);
  });

  it('refuses an unknown client', async () => {
    const server = await start();
    const response = await fetch(authorizeUrl(server, { client_id: 'someone-else' }), { redirect: 'manual' });
    expect(response.status).toBe(400);
  });

  it.each([
    ['no code_challenge', { code_challenge: null }, 'invalid_request'],
    ['the plain method', { code_challenge_method: 'plain' }, 'invalid_request'],
    ['no method', { code_challenge_method: null }, 'invalid_request'],
    ['a short state', { state: 'abc' }, 'invalid_state'],
    ['no offline_access scope', { scope: 'openid profile email' }, 'invalid_scope'],
  ])('redirects back with an error for %s', async (_case, overrides, error) => {
    const server = await start();
    const response = await fetch(authorizeUrl(server, overrides), { redirect: 'manual' });
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get('location') ?? '');
    expect(location.origin + location.pathname).toBe(`http://localhost:${PORT}/auth/callback`);
    expect(location.searchParams.get('error')).toBe(error);
    expect(location.searchParams.get('code')).toBeNull();
  });
});

describe('startChatGptAuthServer: the code exchange', () => {
  it('issues an id_token with the ChatGPT account claims, a JWT access token and a refresh token', async () => {
    const server = await start({ plan: 'pro' });
    const issued = await tokens(server);
    const claims = JSON.parse(Buffer.from(issued.id_token!.split('.')[1]!, 'base64url').toString()) as Record<
      string,
      unknown
    >;
    expect(claims).toMatchObject({
      iss: server.issuer,
      aud: [server.clientId],
      'https://api.openai.com/auth': { chatgpt_plan_type: 'pro', chatgpt_account_id: 'acct-user' },
    });
    expect(server.isTokenActive(issued.access_token!)).toBe(true);
    expect(server.grantsServed().authorization_code).toBe(1);
  });

  it.each([
    ['a wrong verifier', { code_verifier: pkce().verifier }, 'PKCE verifier'],
    ['no verifier', { code_verifier: '' }, 'PKCE verifier'],
    ['another redirect_uri', { redirect_uri: `http://127.0.0.1:${PORT}/auth/callback` }, 'redirect_uri must match'],
  ])('refuses %s', async (_case, overrides, rule) => {
    const server = await start();
    const response = await exchange(server, await signIn(server), overrides);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_grant' });
    expect(server.refused().at(-1)?.rule).toContain(rule);
  });

  it('refuses a code used twice', async () => {
    const server = await start();
    const grant = await signIn(server);
    expect((await exchange(server, grant)).status).toBe(200);
    expect((await exchange(server, grant)).status).toBe(400);
  });
});

describe('startChatGptAuthServer: refresh', () => {
  it('rotates refresh tokens; a reused one answers an OpenAI error object and kills the whole grant', async () => {
    const server = await start();
    const first = await tokens(server);
    const rotated = await refresh(server, first.refresh_token!);
    expect(rotated.status).toBe(200);
    const second = (await rotated.json()) as Record<string, string>;

    const reused = await refresh(server, first.refresh_token!);
    expect(reused.status).toBe(401);
    expect(await reused.json()).toEqual({
      error: {
        message: expect.any(String),
        type: 'invalid_request_error',
        param: null,
        code: 'refresh_token_reused',
      },
    });
    // The token issued by the good refresh died with the grant.
    expect(server.isTokenActive(second.access_token!)).toBe(false);
    const afterReuse = await refresh(server, second.refresh_token!);
    expect(afterReuse.status).toBe(401);
    expect(await afterReuse.json()).toMatchObject({ error: { code: 'refresh_token_reused' } });
  });

  it('answers refresh_token_expired and refresh_token_invalidated as error objects (form bodies too)', async () => {
    const server = await start();
    const expiring = await tokens(server);
    server.expireRefreshTokens();
    const expired = await postForm(`${server.issuer}/oauth/token`, {
      grant_type: 'refresh_token',
      refresh_token: expiring.refresh_token!,
      client_id: server.clientId,
    });
    expect(expired.status).toBe(401);
    expect(await expired.json()).toMatchObject({ error: { code: 'refresh_token_expired' } });

    const revoked = await tokens(server);
    server.invalidateAllGrants();
    const invalidated = await refresh(server, revoked.refresh_token!);
    expect(invalidated.status).toBe(401);
    expect(await invalidated.json()).toMatchObject({ error: { code: 'refresh_token_invalidated' } });
  });
});

describe('startChatGptAuthServer: the Codex device protocol', () => {
  it('hands out a user code (interval as a string), answers 403 until approved, then a code for /deviceauth/callback', async () => {
    const server = await start({ deviceIntervalSeconds: 2 });
    const started = await postJson(`${server.issuer}/api/accounts/deviceauth/usercode`, { client_id: server.clientId });
    expect(started.status).toBe(200);
    const device = (await started.json()) as { device_auth_id: string; user_code: string; interval: unknown };
    expect(device.interval).toBe('2');
    const poll = () =>
      postJson(`${server.issuer}/api/accounts/deviceauth/token`, {
        device_auth_id: device.device_auth_id,
        user_code: device.user_code,
      });
    expect((await poll()).status).toBe(403);

    await completeDeviceLogin(`${server.issuer}/codex/device`, device.user_code, { login: 'grace' });
    const approved = await poll();
    expect(approved.status).toBe(200);
    const answer = (await approved.json()) as Record<string, string>;
    expect(createHash('sha256').update(answer.code_verifier!).digest('base64url')).toBe(answer.code_challenge);
    expect((await poll()).status).toBe(404);

    const grant = (redirectUri: string) => ({
      code: answer.authorization_code!,
      verifier: answer.code_verifier!,
      redirectUri,
    });
    // The device code is bound to {issuer}/deviceauth/callback, not the browser redirect.
    expect((await exchange(server, grant(`http://localhost:${PORT}/auth/callback`))).status).toBe(400);
    const exchanged = await exchange(server, grant(`${server.issuer}/deviceauth/callback`));
    expect(exchanged.status).toBe(200);
    expect(server.grantsServed().device).toBe(1);
  });

  it('refuses a form-encoded or unknown-client user-code request, and answers 404 for an unknown device', async () => {
    const server = await start();
    const form = await postForm(`${server.issuer}/api/accounts/deviceauth/usercode`, { client_id: server.clientId });
    expect(form.status).toBe(400);
    const stranger = await postJson(`${server.issuer}/api/accounts/deviceauth/usercode`, { client_id: 'other' });
    expect(stranger.status).toBe(400);
    const unknown = await postJson(`${server.issuer}/api/accounts/deviceauth/token`, {
      device_auth_id: 'deviceauth_nope',
      user_code: 'AAAA-BBBB',
    });
    expect(unknown.status).toBe(404);
    expect(server.refused().map((refusal) => refusal.rule)).toEqual(['deviceauth/usercode takes JSON', 'client_id']);
  });

  it('refuses a wrong code on the device page', async () => {
    const server = await start();
    await expect(completeDeviceLogin(`${server.issuer}/codex/device`, 'ZZZZ-ZZZZ')).rejects.toThrow(/device login/);
  });
});
