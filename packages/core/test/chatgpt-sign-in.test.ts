import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  completeBrowserLogin,
  freeLoopbackPort,
  startChatGptAuthServer,
  type ChatGptAuthServer,
} from '@switchboard/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import {
  BUILTIN_PROVIDER_PROFILES,
  createAuthManager,
  createPaths,
  loadConfig,
  type AuthManager,
  type LoginEvent,
  type SecretStore,
} from '../src/index.js';
import { createSecretStore } from '../src/vault/create-secret-store.js';
import { loginWithPasteCode } from '../src/oauth/login-with-paste-code.js';
import { switchboardFailure } from './switchboard-failure.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

/**
 * The fake auth.openai.com with a test port in its exact allow-list, and an AuthManager whose
 * config.toml overrides only the issuer (and the port): every endpoint derives from it.
 */
async function setUp(
  options: Parameters<typeof startChatGptAuthServer>[0] = {},
  issuerPath = '',
): Promise<{
  server: ChatGptAuthServer;
  auth: AuthManager;
  port: number;
  store: SecretStore;
}> {
  const port = await freeLoopbackPort();
  const server = await startChatGptAuthServer({ redirectPorts: [port], deviceIntervalSeconds: 1, ...options });
  const directory = await mkdtemp(join(tmpdir(), 'sb-chatgpt-'));
  cleanups.push(async () => {
    await server.close();
    await rm(directory, { recursive: true, force: true });
  });
  const paths = createPaths(directory);
  await writeFile(
    paths.config,
    `[auth]\nstore = "file"\n[providers.openai.oauth]\nissuer = "${server.issuer}${issuerPath}"\nredirect_port = ${port}\nfallback_ports = []\n`,
  );
  const config = await loadConfig(paths.config);
  const store = await createSecretStore({ paths, kind: 'file' });
  const auth = createAuthManager({ paths, config, store });
  return { server, auth, port, store };
}

async function signInByBrowser(auth: AuthManager): Promise<string> {
  let browser: Promise<{ callbackStatus?: number }> | undefined;
  let url = '';
  await auth.login('openai', {
    openUrl: async (opened) => {
      url = opened;
      browser = completeBrowserLogin(opened, { login: 'ada', followCallback: true });
      return true;
    },
  });
  expect((await browser)?.callbackStatus).toBe(200);
  return url;
}

/** Another program refreshes with the stored refresh token first: ours is then a reuse. */
async function refreshElsewhere(server: ChatGptAuthServer, store: SecretStore): Promise<void> {
  const refreshToken =
    Object.values((await store.read()).sessions).find((session) => session.provider === 'openai')?.refreshToken ?? '';
  const response = await fetch(`${server.issuer}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ client_id: server.clientId, grant_type: 'refresh_token', refresh_token: refreshToken }),
  });
  expect(response.status).toBe(200);
}

describe('ChatGPT sign-in as the Codex CLI does it, against the fake auth.openai.com', () => {
  it('sends the exact Codex authorize parameters with redirect http://localhost:1455/auth/callback by default', async () => {
    // The paste flow binds nothing, so the default port 1455 is read from the URL, not bound.
    const server = await startChatGptAuthServer();
    cleanups.push(() => server.close());
    const controller = new AbortController();
    const events: LoginEvent[] = [];
    const login = loginWithPasteCode({
      profile: { ...BUILTIN_PROVIDER_PROFILES.openai.oauth!, issuer: server.issuer },
      fetch,
      signal: controller.signal,
      onEvent: (event) => events.push(event),
      readInput: () => new Promise<string>(() => undefined),
    });
    await expect.poll(() => events.length).toBe(1);
    controller.abort();
    expect((await switchboardFailure(login)).code).toBe('CANCELLED');
    const event = events[0];
    if (event?.type !== 'paste_prompt') throw new Error('expected a paste prompt');
    const url = new URL(event.url);
    expect(url.origin + url.pathname).toBe(`${server.issuer}/oauth/authorize`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: 'app_EMoamEEZ73f0CkXaXp7hrann',
      redirect_uri: 'http://localhost:1455/auth/callback',
      scope: 'openid profile email offline_access api.connectors.read api.connectors.invoke',
      code_challenge: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      code_challenge_method: 'S256',
      id_token_add_organizations: 'true',
      codex_cli_simplified_flow: 'true',
      state: expect.stringMatching(/^.{8,}$/),
      originator: 'codex_cli_rs',
    });
    // …and the server accepts exactly that request.
    expect((await fetch(event.url)).status).toBe(200);
  });

  it('signs in by browser: the server accepts the localhost redirect and the callback reaches the listener', async () => {
    const { server, auth, port } = await setUp();
    const url = await signInByBrowser(auth);
    expect(new URL(url).searchParams.get('redirect_uri')).toBe(`http://localhost:${port}/auth/callback`);
    expect(server.refused()).toEqual([]);
    expect(await auth.statusOf('openai')).toMatchObject({
      loggedIn: true,
      method: 'oauth',
      account: 'ada@example.test',
      plan: 'plus',
    });
    const credential = await auth.getCredential('openai');
    expect(credential).toMatchObject({ method: 'oauth', accountId: 'acct-ada' });
  });

  it('keeps waiting when a stray callback with a wrong state hits the fixed port first', async () => {
    const { auth, port } = await setUp();
    let browser: Promise<{ callbackStatus?: number }> | undefined;
    let strayStatus = 0;
    await auth.login('openai', {
      openUrl: async (url) => {
        const stray = await fetch(`http://localhost:${port}/auth/callback?code=forged&state=forged-state`);
        strayStatus = stray.status;
        browser = completeBrowserLogin(url, { login: 'ada', followCallback: true });
        return true;
      },
    });
    expect(strayStatus).toBe(400);
    expect((await browser)?.callbackStatus).toBe(200);
    expect(await auth.isLoggedIn('openai')).toBe(true);
  });

  it('signs in with the Codex device protocol (usercode → /codex/device → deviceauth/token → code exchange)', async () => {
    const { server, auth } = await setUp();
    const events: LoginEvent[] = [];
    const status = await auth.login('openai', {
      flow: 'device',
      onEvent: (event) => {
        events.push(event);
        if (event.type === 'device_code') server.approveDevice(event.userCode, 'grace');
      },
    });
    expect(events[0]).toMatchObject({
      type: 'device_code',
      verificationUri: `${server.issuer}/codex/device`,
      userCode: expect.stringMatching(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/),
      intervalSeconds: 1,
    });
    expect(status).toMatchObject({ loggedIn: true, account: 'grace@example.test' });
    expect(server.grantsServed()).toMatchObject({ device: 1, authorization_code: 1 });
  });

  it('a device login the issuer does not offer fails with UNSUPPORTED_METHOD and points to the guide', async () => {
    const { auth } = await setUp({}, '/elsewhere');
    const error = await switchboardFailure(auth.login('openai', { flow: 'device' }));
    expect(error.code).toBe('UNSUPPORTED_METHOD');
    expect(error.message).toContain('does not offer device login');
    expect(error.message).toContain('Help: docs/providers/openai.md#troubleshooting');
  });

  it.each([
    ['reused', /refresh_token_reused/, refreshElsewhere],
    ['invalidated', /refresh_token_invalidated/, async (server: ChatGptAuthServer) => server.invalidateAllGrants()],
    ['expired', /refresh_token_expired/, async (server: ChatGptAuthServer) => server.expireRefreshTokens()],
  ])(
    'a %s refresh token (OpenAI error object, HTTP 401) ends the session with SESSION_EXPIRED and the exact command',
    async (_case, reason, breakIt) => {
      const { server, auth, store } = await setUp();
      await signInByBrowser(auth);
      await breakIt(server, store);
      const before = server.grantsServed().refresh_token;
      const error = await switchboardFailure(auth.getCredential('openai', { forceRefresh: true }));
      expect(error.code).toBe('SESSION_EXPIRED');
      expect(error.isRetryable).toBe(false);
      expect(error.message).toMatch(reason);
      expect(error.message).toContain('`sb auth login chatgpt`');
      expect(error.message).toContain('docs/providers/openai.md');
      expect(await auth.isLoggedIn('openai')).toBe(false);
      // No retry loop: the next call says "log in", it does not try the dead token again.
      expect((await switchboardFailure(auth.getCredential('openai'))).code).toBe('LOGIN_REQUIRED');
      expect(server.grantsServed().refresh_token).toBe(before);
    },
  );
});
