import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  startOAuthServer,
  completeBrowserLogin,
  completeDeviceLogin,
  genericOAuthToml,
  type OAuthServer,
} from '@switchboard/testkit';
import { openSwitchboard, isSwitchboardError, readEventLog, type LoginEvent, type AuthEvent } from '../src/index.js';

const servers: OAuthServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function startServer(options: Parameters<typeof startOAuthServer>[0] = {}) {
  const server = await startOAuthServer({
    extraClaims: (accountId) => ({
      email: `${accountId}@example.test`,
      'https://api.openai.com/auth': { chatgpt_account_id: `acct-${accountId}`, chatgpt_plan_type: 'pro' },
    }),
    ...options,
  });
  servers.push(server);
  return server;
}

async function homeFor(server: OAuthServer, extra = '') {
  const home = await mkdtemp(join(tmpdir(), 'sb-auth-'));
  const oauth = (provider: string) => genericOAuthToml(provider, server);
  await writeFile(
    join(home, 'config.toml'),
    `[auth]\nstore = "file"\n${oauth('openai')}${oauth('google')}` +
      `[providers.azure.oauth]\ntoken_endpoint = "${server.endpoints.token}"\nclient_id = "${server.confidentialClientId}"\nclient_secret = "${server.confidentialClientSecret}"\nscopes = ["api"]\n${extra}`,
  );
  return home;
}

async function open(home: string, now?: () => number) {
  return openSwitchboard({ environment: { SWITCHBOARD_HOME: home, HOME: home }, ...(now ? { now } : {}) });
}

async function loginByDevice(sb: Awaited<ReturnType<typeof open>>, provider: 'openai' | 'google', login = 'alice') {
  return sb.auth.login(provider, {
    method: 'oauth',
    flow: 'device',
    onEvent: (event: LoginEvent) => {
      if (event.type === 'device_code') void completeDeviceLogin(event.verificationUri, event.userCode, { login });
    },
  });
}

async function loginByBrowser(sb: Awaited<ReturnType<typeof open>>, provider: 'openai' | 'google', login = 'bob') {
  return sb.auth.login(provider, {
    method: 'oauth',
    flow: 'browser',
    noBrowser: true,
    onEvent: (event: LoginEvent) => {
      if (event.type === 'open_url') void completeBrowserLogin(event.url, { login, followCallback: true });
    },
  });
}

describe('AuthManager', () => {
  it('holds several providers at once, reports status and switches between them', async () => {
    const server = await startServer();
    const sb = await open(await homeFor(server));
    const openai = await loginByBrowser(sb, 'openai', 'bob');
    expect(openai).toMatchObject({
      provider: 'openai',
      loggedIn: true,
      method: 'oauth',
      account: 'bob@example.test',
      plan: 'pro',
      refreshable: true,
    });
    const google = await loginByDevice(sb, 'google', 'carol');
    expect(google).toMatchObject({ loggedIn: true, account: 'carol@example.test' });
    await sb.auth.login('anthropic', { method: 'api-key', apiKey: 'sk-ant-api03-CANARY-anthropic-key-000000' });
    await sb.auth.login('azure', { method: 'client-credentials' });

    expect((await sb.auth.loggedInProviders()).sort()).toEqual(['anthropic', 'azure', 'google', 'openai']);
    expect(await sb.auth.activeProvider()).toEqual({ provider: 'openai', method: 'oauth', session: 'bob' });
    const credential = await sb.auth.getCredential('openai');
    expect(credential).toMatchObject({ method: 'oauth', accountId: 'acct-bob' });

    expect(await sb.auth.switchProvider('anthropic')).toMatchObject({
      provider: 'anthropic',
      method: 'api-key',
      superseded: false,
    });
    const reopened = await open(sb.paths.home);
    expect(await reopened.auth.activeProvider()).toEqual({
      provider: 'anthropic',
      method: 'api-key',
      session: 'key-0000',
    });
    expect(await reopened.auth.getAccessToken('anthropic')).toBe('sk-ant-api03-CANARY-anthropic-key-000000');
    expect(await reopened.auth.statusOf('mistral')).toMatchObject({ loggedIn: false, method: null });
  });

  it('refreshes once for many concurrent callers and adopts the rotated token', async () => {
    const server = await startServer({ accessTokenTtlSeconds: 60 });
    const sb = await open(await homeFor(server));
    await loginByDevice(sb, 'openai');
    const before = server.grantsServed().refresh_token;
    const tokens = await Promise.all(Array.from({ length: 8 }, () => sb.auth.getAccessToken('openai')));
    expect(new Set(tokens).size).toBe(1);
    expect(server.grantsServed().refresh_token - before).toBe(1);
    expect(await server.isTokenActive(tokens[0]!)).toBe(true);
  });

  it('clears a session whose refresh is refused and tells the exact command', async () => {
    const server = await startServer({ accessTokenTtlSeconds: 60 });
    const sb = await open(await homeFor(server));
    await loginByDevice(sb, 'openai');
    const events: AuthEvent[] = [];
    sb.auth.on((event) => events.push(event));
    await server.revokeAllGrants();
    const error = await sb.auth.getAccessToken('openai').catch((caught: unknown) => caught);
    expect(isSwitchboardError(error, 'SESSION_EXPIRED')).toBe(true);
    expect((error as Error).message).toContain('sb auth login chatgpt');
    expect(await sb.auth.isLoggedIn('openai')).toBe(false);
    expect(events).toContainEqual({
      type: 'expired',
      provider: 'openai',
      session: 'alice',
      command: 'sb auth login chatgpt',
    });
  });

  it('keeps the active provider when a switch fails on the network', async () => {
    const server = await startServer({ accessTokenTtlSeconds: 60 });
    let clockOffset = 0;
    const sb = await open(await homeFor(server), () => Date.now() + clockOffset);
    await sb.auth.login('anthropic', { method: 'api-key', apiKey: 'sk-ant-api03-key-for-switch-test' });
    await loginByDevice(sb, 'google');
    expect(await sb.auth.activeProvider()).toMatchObject({ provider: 'anthropic' });
    // Google's token has expired, so the switch must refresh it, and the token endpoint fails.
    clockOffset = 5 * 60_000;
    server.setFault('token-500');
    await expect(sb.auth.switchProvider('google')).rejects.toMatchObject({ code: 'PROVIDER_UNAVAILABLE' });
    expect(await sb.auth.activeProvider()).toMatchObject({ provider: 'anthropic' });
    expect(await sb.auth.isLoggedIn('google')).toBe(true);
    expect(readEventLog(sb.paths.eventLog).entries.at(-1)).toMatchObject({
      kind: 'switch.failed',
      provider: 'google',
      from: 'anthropic',
      code: 'PROVIDER_UNAVAILABLE',
    });
  });

  it('keeps serving a still-valid token when an early refresh fails, and backs off instead of retrying at once', async () => {
    // A 2-minute token is inside the 5-minute refresh window from the start.
    const server = await startServer({ accessTokenTtlSeconds: 120 });
    let clockOffset = 0;
    const sb = await open(await homeFor(server), () => Date.now() + clockOffset);
    await loginByDevice(sb, 'openai');
    const loggedIn = (await sb.store.read()).sessions['openai/alice']!.accessToken;
    server.setFault('token-500');
    expect(await sb.auth.getAccessToken('openai')).toBe(loggedIn);
    expect(await sb.auth.getAccessToken('openai')).toBe(loggedIn);
    expect(await sb.auth.refreshAll()).toEqual([
      { provider: 'openai', session: 'alice', ok: false, error: 'PROVIDER_UNAVAILABLE' },
    ]);
    expect(await sb.auth.statusOf('openai')).toMatchObject({ loggedIn: true, refreshable: true });

    server.setFault('none');
    clockOffset = 30_000;
    const before = server.grantsServed().refresh_token;
    const refreshed = await sb.auth.getAccessToken('openai');
    expect(refreshed).not.toBe(loggedIn);
    expect(server.grantsServed().refresh_token - before).toBe(1);
    expect((await sb.store.read()).sessions['openai/alice']?.lastRefreshFailure).toBeUndefined();
    const refreshes = readEventLog(sb.paths.eventLog).entries.filter((entry) => entry.kind.startsWith('refresh.'));
    expect(refreshes.map((entry) => [entry.kind, entry.code, entry.kept])).toEqual([
      ['refresh.failed', 'PROVIDER_UNAVAILABLE', true],
      ['refresh.succeeded', undefined, undefined],
    ]);
  });

  it('a refresh forced by a 401 never shares the outcome of a concurrent early refresh (nor the other way round)', async () => {
    const server = await startServer({ accessTokenTtlSeconds: 120 });
    const sb = await open(await homeFor(server));
    await loginByDevice(sb, 'openai');
    const loggedIn = (await sb.store.read()).sessions['openai/alice']!.accessToken;
    server.setFault('token-500');
    for (const order of ['early first', 'forced first']) {
      const early = () => sb.auth.getAccessToken('openai');
      const forced = () => sb.auth.getCredential('openai', { forceRefresh: true });
      const [earlyResult, forcedResult] =
        order === 'early first'
          ? await Promise.allSettled([early(), forced()])
          : await Promise.allSettled([forced(), early()]).then(([second, first]) => [first, second] as const);
      // The early refresh may fall back to the still-valid token; the 401 caller must not get it back.
      expect(earlyResult).toEqual({ status: 'fulfilled', value: loggedIn });
      expect(forcedResult).toMatchObject({ status: 'rejected', reason: { code: 'PROVIDER_UNAVAILABLE' } });
    }
  });

  it('refuses a login up front when the store cannot be read, before the user signs in for nothing', async () => {
    const server = await startServer();
    const sb = await open(await homeFor(server));
    await sb.auth.login('anthropic', { method: 'api-key', apiKey: 'sk-ant-api03-corrupt-store-key' });
    const damaged =
      '{"format":"switchboard-vault","version":1,"keyVersion":1,"keyStore":"file","algorithm":"aes-256-gcm","nonce":"AAAA","tag":"AAAA","ciphertext":"AAAA"}\n';
    await writeFile(sb.paths.authStore, damaged);
    const events: LoginEvent[] = [];
    const error = await sb.auth
      .login('openai', { method: 'oauth', flow: 'device', timeoutMs: 10_000, onEvent: (event) => events.push(event) })
      .catch((caught: unknown) => caught);
    expect(isSwitchboardError(error, 'STORE_CORRUPT')).toBe(true);
    expect(events).toEqual([]);
    expect(server.grantsServed().device_code).toBe(0);
    expect(await readFile(sb.paths.authStore, 'utf8')).toBe(damaged);
  });

  it('serializes concurrent switches: the last one wins and only it confirms', async () => {
    const server = await startServer();
    const sb = await open(await homeFor(server));
    await sb.auth.login('anthropic', { method: 'api-key', apiKey: 'sk-ant-api03-serial-test-key' });
    await sb.auth.login('mistral', { method: 'api-key', apiKey: 'mistral-serial-test-key-0000' });
    await loginByDevice(sb, 'openai');
    const results = await Promise.all([
      sb.auth.switchProvider('openai'),
      sb.auth.switchProvider('mistral'),
      sb.auth.switchProvider('anthropic'),
    ]);
    expect(results.map((result) => result.superseded)).toEqual([true, true, false]);
    expect(await sb.auth.activeProvider()).toMatchObject({ provider: 'anthropic' });
  });

  it('refuses to switch to a provider without a session', async () => {
    const server = await startServer();
    const sb = await open(await homeFor(server));
    await expect(sb.auth.switchProvider('mistral')).rejects.toMatchObject({
      code: 'LOGIN_REQUIRED',
      hint: 'sb auth login mistral',
    });
  });

  it('revokes at the server on logout', async () => {
    const server = await startServer();
    const sb = await open(await homeFor(server));
    await loginByDevice(sb, 'openai');
    const token = await sb.auth.getAccessToken('openai');
    const result = await sb.auth.logout('openai');
    expect(result).toEqual({ provider: 'openai', removed: true, sessions: ['openai/alice'], revoked: true });
    expect(server.revocations()).toBeGreaterThan(0);
    expect(await server.isTokenActive(token)).toBe(false);
    expect(await sb.auth.activeProvider()).toBeNull();
  });

  it("logging out of a session borrowed from another CLI forgets it here but does not revoke that CLI's login", async () => {
    const server = await startServer();
    const codexSide = await open(await homeFor(server));
    await loginByDevice(codexSide, 'openai', 'erin');
    const borrowed = (await codexSide.store.read()).sessions['openai/erin']!;
    const home = await homeFor(server);
    await mkdir(join(home, '.codex'), { recursive: true });
    await writeFile(
      join(home, '.codex', 'auth.json'),
      JSON.stringify({
        OPENAI_API_KEY: null,
        tokens: {
          id_token: borrowed.idToken,
          access_token: borrowed.accessToken,
          refresh_token: borrowed.refreshToken,
        },
      }),
    );
    const sb = await open(home);
    await sb.auth.importSessions('codex');
    const revocationsBefore = server.revocations();

    const result = await sb.auth.logout('openai');
    expect(result).toMatchObject({ provider: 'openai', removed: true, revoked: false });
    expect(result.note).toMatch(/codex/i);
    expect(await sb.auth.isLoggedIn('openai')).toBe(false);
    expect(server.revocations()).toBe(revocationsBefore);
    expect(await server.isTokenActive(borrowed.accessToken!)).toBe(true);
    expect(await server.isTokenActive(borrowed.refreshToken!)).toBe(true);
  });

  it('renews client-credentials tokens inside the refresh window', async () => {
    const server = await startServer({ clientCredentialsTtlSeconds: 60 });
    const sb = await open(await homeFor(server));
    await sb.auth.login('azure', { method: 'client-credentials' });
    const before = server.grantsServed().client_credentials;
    const first = await sb.auth.getAccessToken('azure');
    expect(server.grantsServed().client_credentials - before).toBe(1);
    expect(await server.isTokenActive(first)).toBe(true);
  });

  it('rejects an unsupported method with the valid ones', async () => {
    const server = await startServer();
    const sb = await open(await homeFor(server));
    const error = await sb.auth.login('mistral', { method: 'oauth' }).catch((caught: unknown) => caught);
    expect(isSwitchboardError(error, 'UNSUPPORTED_METHOD')).toBe(true);
    expect((error as Error).message).toContain('api-key');
  });

  it('imports sessions other CLIs hold, without touching their files, and keeps existing ones', async () => {
    const server = await startServer();
    const home = await homeFor(server);
    await mkdir(join(home, '.codex'), { recursive: true });
    const codexFile = join(home, '.codex', 'auth.json');
    const codex = JSON.stringify({ OPENAI_API_KEY: 'sk-proj-CANARY-codex-import-key-1234' });
    await writeFile(codexFile, codex);
    const sb = await open(home);
    const first = await sb.auth.importSessions('codex');
    expect(first.sessions.map((session) => session.provider)).toEqual(['openai']);
    expect(first.report.find((entry) => entry.source === 'codex')).toMatchObject({
      status: 'imported',
      provider: 'openai',
    });
    expect(await sb.auth.getAccessToken('openai')).toBe('sk-proj-CANARY-codex-import-key-1234');
    expect(await sb.auth.activeProvider()).toEqual({ provider: 'openai', method: 'api-key', session: 'key-1234' });
    const second = await sb.auth.importSessions('codex');
    expect(second.sessions).toEqual([]);
    expect(second.report.find((entry) => entry.source === 'codex')).toMatchObject({ status: 'skipped' });
    expect(JSON.stringify(second.report)).not.toContain('CANARY');
    expect(await readFile(codexFile, 'utf8')).toBe(codex);
  });

  it('adopts tokens the source CLI rotated instead of re-using a stale borrowed refresh token', async () => {
    const server = await startServer({ accessTokenTtlSeconds: 60 });
    // "Codex" is played by a second Switchboard home holding its own grant.
    const codexSide = await open(await homeFor(server));
    await loginByDevice(codexSide, 'openai', 'dana');
    const home = await homeFor(server);
    const codexFile = join(home, '.codex', 'auth.json');
    const writeCodexFile = async () => {
      const session = (await codexSide.store.read()).sessions['openai/dana']!;
      await mkdir(join(home, '.codex'), { recursive: true });
      await writeFile(
        codexFile,
        JSON.stringify({
          OPENAI_API_KEY: null,
          tokens: {
            id_token: session.idToken,
            access_token: session.accessToken,
            refresh_token: session.refreshToken,
            account_id: 'acct-dana',
          },
          last_refresh: new Date().toISOString(),
        }),
      );
    };
    await writeCodexFile();
    const sb = await open(home);
    await sb.auth.importSessions('codex');
    expect(await sb.auth.statusOf('openai')).toMatchObject({ method: 'oauth', account: 'dana@example.test' });

    // Codex refreshes (rotating the refresh token) and writes its file.
    const rotated = await codexSide.auth.getAccessToken('openai');
    await writeCodexFile();
    const grantsBefore = server.grantsServed().refresh_token;

    // A 401 makes us refresh: we must adopt Codex's rotated tokens, not spend the stale one.
    const credential = await sb.auth.getCredential('openai', { forceRefresh: true });
    expect(credential).toMatchObject({ method: 'oauth', accessToken: rotated });
    expect(server.grantsServed().refresh_token).toBe(grantsBefore);
    expect(await server.isTokenActive(rotated)).toBe(true);
  });
});
