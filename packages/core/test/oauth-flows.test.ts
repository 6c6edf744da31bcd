import { inspect } from 'node:util';
import {
  completeBrowserLogin,
  completeDeviceLogin,
  startOAuthServer,
  type BrowserLoginResult,
  type OAuthServer,
} from '@switchboard/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import {
  isSwitchboardError,
  SwitchboardError,
  type LoginEvent,
  type OAuthProfile,
  type TokenSet,
} from '../src/index.js';
import { accountFactsFromClaims } from '../src/oauth/account-facts.js';
import { createClientCredentialsCache, requestClientCredentialsToken } from '../src/oauth/client-credentials.js';
import { isTerminalAuthError } from '../src/oauth/map-oauth-error.js';
import { loginWithBrowser } from '../src/oauth/login-with-browser.js';
import { loginWithDeviceCode } from '../src/oauth/login-with-device-code.js';
import { loginWithPasteCode } from '../src/oauth/login-with-paste-code.js';
import { refreshTokens } from '../src/oauth/refresh-tokens.js';
import { revokeToken } from '../src/oauth/revoke-token.js';
import { switchboardFailure } from './switchboard-failure.js';

const servers: OAuthServer[] = [];
afterEach(async () => {
  while (servers.length > 0) await servers.pop()?.close();
});

async function startServer(options: Parameters<typeof startOAuthServer>[0] = {}): Promise<OAuthServer> {
  const server = await startOAuthServer(options);
  servers.push(server);
  return server;
}

/** A public (PKCE) OIDC client profile found by discovery, like a user's config.toml override. */
function publicProfile(server: OAuthServer, overrides: Partial<OAuthProfile> = {}): OAuthProfile {
  return {
    issuer: server.issuer,
    clientId: server.publicClientId,
    scopes: ['openid', 'email', 'offline_access'],
    redirectPort: 0,
    redirectPath: '/callback',
    oidc: true,
    ...overrides,
  };
}

function confidentialProfile(server: OAuthServer, overrides: Partial<OAuthProfile> = {}): OAuthProfile {
  return {
    issuer: server.issuer,
    clientId: server.confidentialClientId,
    clientSecret: server.confidentialClientSecret,
    scopes: ['api.read'],
    ...overrides,
  };
}

/** Logs in through the loopback flow, the headless user following the callback like a browser. */
async function browserLogin(
  server: OAuthServer,
  login = 'ada',
  overrides: Partial<OAuthProfile> = {},
): Promise<TokenSet> {
  let browser: Promise<BrowserLoginResult> | undefined;
  const tokens = await loginWithBrowser({
    profile: publicProfile(server, overrides),
    fetch,
    provider: 'openai',
    openUrl: async (url) => {
      browser = completeBrowserLogin(url, { login, followCallback: true });
      return true;
    },
  });
  await browser;
  return tokens;
}

/** Everything an error could show when printed, logged or serialized. */
function everythingShown(error: SwitchboardError): string {
  return [
    error.message,
    error.stack ?? '',
    JSON.stringify(error),
    inspect(error, { depth: Infinity, showHidden: true }),
    String(error.hint),
  ].join('\n');
}

describe('loginWithBrowser (code + PKCE over a loopback listener)', () => {
  it('logs in: the browser follows the callback to the listener, the code is exchanged, claims are validated', async () => {
    const server = await startServer({
      extraClaims: () => ({
        'https://api.openai.com/auth': { chatgpt_account_id: 'acct-42', chatgpt_plan_type: 'pro' },
      }),
    });
    const events: LoginEvent[] = [];
    let browser: Promise<BrowserLoginResult> | undefined;
    const clock = 1_800_000_000_000;
    const tokens = await loginWithBrowser({
      profile: publicProfile(server, {
        redirectPath: '/auth/callback',
        extraAuthorizationParams: { prompt: 'consent', codex_cli_simplified_flow: 'true' },
      }),
      fetch,
      provider: 'openai',
      now: () => clock,
      onEvent: (event) => events.push(event),
      openUrl: async (url) => {
        browser = completeBrowserLogin(url, { login: 'ada', followCallback: true });
        return true;
      },
    });

    const result = await browser;
    expect(result?.callbackStatus).toBe(200);
    expect(result?.callbackBody).toContain('Signed in');

    const openUrl = events.find((event) => event.type === 'open_url');
    if (openUrl?.type !== 'open_url') throw new Error('no open_url event');
    const authorizationUrl = new URL(openUrl.url);
    expect(authorizationUrl.origin + authorizationUrl.pathname).toBe(server.endpoints.authorization);
    expect(authorizationUrl.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorizationUrl.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(authorizationUrl.searchParams.get('state')).toBeTruthy();
    expect(authorizationUrl.searchParams.get('nonce')).toBeTruthy();
    expect(authorizationUrl.searchParams.get('codex_cli_simplified_flow')).toBe('true');
    expect(authorizationUrl.searchParams.get('redirect_uri')).toBe(openUrl.redirectUri);
    expect(openUrl.redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/auth\/callback$/);
    expect(events.some((event) => event.type === 'browser_failed')).toBe(false);

    expect(tokens.accessToken).toBeTruthy();
    expect(tokens.refreshToken).toBeTruthy();
    expect(tokens.idToken).toBeTruthy();
    expect(tokens.expiresAt).toBe(clock + 3600 * 1000);
    expect(tokens.claims?.sub).toBe('ada');
    expect(accountFactsFromClaims(tokens.claims)).toEqual({
      subject: 'ada',
      email: 'ada@example.test',
      accountId: 'acct-42',
      plan: 'pro',
    });
    expect(await server.isTokenActive(tokens.accessToken)).toBe(true);
    expect(server.grantsServed().authorization_code).toBe(1);
  });

  it('reports browser_failed when the browser cannot be opened and still completes when the user opens the URL by hand', async () => {
    const server = await startServer();
    const events: LoginEvent[] = [];
    let browser: Promise<BrowserLoginResult> | undefined;
    const tokens = await loginWithBrowser({
      profile: publicProfile(server),
      fetch,
      onEvent: (event) => {
        events.push(event);
        if (event.type === 'browser_failed')
          browser = completeBrowserLogin(event.url, { login: 'bob', followCallback: true });
      },
      openUrl: async () => false,
    });
    await browser;
    expect(events.map((event) => event.type)).toContain('browser_failed');
    expect(tokens.claims?.sub).toBe('bob');
  });

  it('answers a callback with a forged state 400 without exchanging its code, and keeps waiting for the real one', async () => {
    const server = await startServer();
    let forgedStatus: number | undefined;
    let grantsAfterForgery: number | undefined;
    const tokens = await loginWithBrowser({
      profile: publicProfile(server),
      fetch,
      provider: 'openai',
      openUrl: async (url) => {
        void completeBrowserLogin(url, { followCallback: false }).then(async ({ callbackUrl }) => {
          const forged = new URL(callbackUrl);
          forged.searchParams.set('state', 'forged-state');
          forgedStatus = (await fetch(forged)).status;
          grantsAfterForgery = server.grantsServed().authorization_code;
          await fetch(callbackUrl);
        });
        return true;
      },
    });
    expect(forgedStatus).toBe(400);
    expect(grantsAfterForgery).toBe(0);
    expect(tokens.accessToken).toBeTruthy();
    expect(server.grantsServed().authorization_code).toBe(1);
  });

  it('times out with TIMEOUT when nobody signs in', async () => {
    const server = await startServer();
    const error = await switchboardFailure(loginWithBrowser({ profile: publicProfile(server), fetch, timeoutMs: 200 }));
    expect(error.code).toBe('TIMEOUT');
  });

  it('is cancelled by its AbortSignal', async () => {
    const server = await startServer();
    const controller = new AbortController();
    const error = await switchboardFailure(
      loginWithBrowser({
        profile: publicProfile(server),
        fetch,
        signal: controller.signal,
        onEvent: (event) => {
          if (event.type === 'open_url') controller.abort();
        },
      }),
    );
    expect(error.code).toBe('CANCELLED');
  });
});

describe('loginWithPasteCode (headless / SSH)', () => {
  async function pasteLogin(
    server: OAuthServer,
    transform: (callbackUrl: string) => string,
  ): Promise<{ tokens: Promise<TokenSet>; events: LoginEvent[]; pasted: () => string | undefined }> {
    const events: LoginEvent[] = [];
    let pasted: string | undefined;
    const tokens = loginWithPasteCode({
      profile: publicProfile(server, { redirectPort: 1455, redirectPath: '/auth/callback' }),
      fetch,
      provider: 'openai',
      attempts: 1,
      onEvent: (event) => events.push(event),
      readInput: async () => {
        const prompt = events.find((event) => event.type === 'paste_prompt');
        if (prompt?.type !== 'paste_prompt') throw new Error('no paste_prompt before readInput');
        // Nothing listens on the redirect URI: the "browser" only shows it in the address bar.
        const { callbackUrl } = await completeBrowserLogin(prompt.url, { login: 'carol', followCallback: false });
        pasted = transform(callbackUrl);
        return pasted;
      },
    });
    return { tokens, events, pasted: () => pasted };
  }

  it('logs in with the full redirect URL pasted from the address bar', async () => {
    const server = await startServer();
    const { tokens, events, pasted } = await pasteLogin(server, (callbackUrl) => callbackUrl);
    const result = await tokens;
    expect(result.claims?.sub).toBe('carol');
    expect(result.refreshToken).toBeTruthy();
    const prompt = events.find((event) => event.type === 'paste_prompt');
    if (prompt?.type !== 'paste_prompt') throw new Error('no paste_prompt');
    expect(prompt.redirectUri).toBe('http://127.0.0.1:1455/auth/callback');
    expect(new URL(prompt.url).searchParams.get('redirect_uri')).toBe(prompt.redirectUri);
    expect(pasted()?.startsWith(prompt.redirectUri)).toBe(true);
    expect(server.grantsServed().authorization_code).toBe(1);
  });

  it('logs in with only the bare code pasted', async () => {
    const server = await startServer();
    const { tokens } = await pasteLogin(server, (callbackUrl) => new URL(callbackUrl).searchParams.get('code') ?? '');
    expect((await tokens).claims?.sub).toBe('carol');
  });

  it('rejects a pasted URL with another state (OAUTH_STATE_MISMATCH) without exchanging the code', async () => {
    const server = await startServer();
    const { tokens } = await pasteLogin(server, (callbackUrl) => {
      const url = new URL(callbackUrl);
      url.searchParams.set('state', 'someone-elses');
      return url.href;
    });
    const error = await switchboardFailure(tokens);
    expect(error.code).toBe('OAUTH_STATE_MISMATCH');
    expect(server.grantsServed().authorization_code).toBe(0);
  });
});

describe('loginWithDeviceCode (RFC 8628)', () => {
  it('shows the user code, polls through authorization_pending and returns the tokens once approved', async () => {
    const server = await startServer({ deviceIntervalSeconds: 1 });
    const events: LoginEvent[] = [];
    let approval: Promise<void> | undefined;
    const clock = Date.now();
    const tokens = await loginWithDeviceCode({
      profile: publicProfile(server),
      fetch,
      now: () => clock,
      onEvent: (event) => {
        events.push(event);
        if (event.type === 'device_code')
          approval = completeDeviceLogin(event.verificationUri, event.userCode, { login: 'dora' });
      },
    });
    await approval;
    const shown = events.find((event) => event.type === 'device_code');
    if (shown?.type !== 'device_code') throw new Error('no device_code event');
    expect(shown.verificationUri).toBe(`${server.issuer}/device`);
    expect(shown.verificationUriComplete).toContain(encodeURIComponent(shown.userCode).slice(0, 4));
    expect(shown.intervalSeconds).toBe(1);
    expect(shown.expiresAt).toBe(clock + 600 * 1000);
    expect(tokens.claims?.sub).toBe('dora');
    expect(tokens.refreshToken).toBeTruthy();
    expect(server.grantsServed().device_code).toBe(1);
  });

  it('fails with TIMEOUT when the device code expires before approval', async () => {
    const server = await startServer({ deviceIntervalSeconds: 1, deviceCodeTtlSeconds: 2 });
    const error = await switchboardFailure(
      loginWithDeviceCode({ profile: publicProfile(server), fetch, provider: 'openai' }),
    );
    expect(error.code).toBe('TIMEOUT');
    expect(error.message).toMatch(/device code/);
    expect(error.isRetryable).toBe(false);
  });

  it('is cancelled by its AbortSignal while polling', async () => {
    const server = await startServer({ deviceIntervalSeconds: 1 });
    const controller = new AbortController();
    const error = await switchboardFailure(
      loginWithDeviceCode({
        profile: publicProfile(server),
        fetch,
        signal: controller.signal,
        onEvent: (event) => {
          if (event.type === 'device_code') setTimeout(() => controller.abort(), 50);
        },
      }),
    );
    expect(error.code).toBe('CANCELLED');
  });
});

describe('client credentials', () => {
  it('gets a token with client_secret_post (default) and client_secret_basic (when asked)', async () => {
    const server = await startServer();
    const tokens = await requestClientCredentialsToken({ profile: confidentialProfile(server), fetch });
    expect(tokens.refreshToken).toBeUndefined();
    expect(tokens.scope).toBe('api.read');
    expect(await server.isTokenActive(tokens.accessToken)).toBe(true);

    const basicServer = await startServer({ confidentialClientAuthMethod: 'client_secret_basic' });
    const basic = await requestClientCredentialsToken({
      profile: confidentialProfile(basicServer),
      fetch,
      clientSecretMethod: 'client_secret_basic',
    });
    expect(await basicServer.isTokenActive(basic.accessToken)).toBe(true);
  });

  it('works from an explicit token endpoint without discovery (Azure-style profile)', async () => {
    const server = await startServer();
    const requested: string[] = [];
    const recordingFetch: typeof fetch = (input, init) => {
      requested.push(String(input));
      return fetch(input, init);
    };
    const tokens = await requestClientCredentialsToken({
      profile: {
        tokenEndpoint: server.endpoints.token,
        clientId: server.confidentialClientId,
        clientSecret: server.confidentialClientSecret,
        scopes: ['api.read'],
      },
      fetch: recordingFetch,
    });
    expect(await server.isTokenActive(tokens.accessToken)).toBe(true);
    expect(requested).toEqual([server.endpoints.token]);
  });

  it('caches the token, shares one request between concurrent callers and renews 5 minutes before expiry', async () => {
    const server = await startServer({ clientCredentialsTtlSeconds: 3600 });
    let clock = 1_800_000_000_000;
    const cache = createClientCredentialsCache({ profile: confidentialProfile(server), fetch, now: () => clock });

    const [first, second, third] = await Promise.all([cache.getToken(), cache.getToken(), cache.getToken()]);
    expect(server.grantsServed().client_credentials).toBe(1);
    expect(second?.accessToken).toBe(first?.accessToken);
    expect(third?.accessToken).toBe(first?.accessToken);
    const expiresAt = first?.expiresAt ?? 0;
    expect(expiresAt).toBe(clock + 3600 * 1000);

    clock = expiresAt - 5 * 60_000 - 1_000;
    expect((await cache.getToken()).accessToken).toBe(first?.accessToken);
    expect(server.grantsServed().client_credentials).toBe(1);

    clock = expiresAt - 5 * 60_000 + 1_000;
    const renewed = await Promise.all([cache.getToken(), cache.getToken()]);
    expect(server.grantsServed().client_credentials).toBe(2);
    expect(renewed[0]?.accessToken).not.toBe(first?.accessToken);
    expect(renewed[1]?.accessToken).toBe(renewed[0]?.accessToken);
  });

  it('keeps serving the still-valid token when renewal inside the window fails, and fails once it expired', async () => {
    const server = await startServer();
    let clock = 1_800_000_000_000;
    const cache = createClientCredentialsCache({ profile: confidentialProfile(server), fetch, now: () => clock });
    const first = await cache.getToken();
    server.setFault('token-500');
    clock = (first.expiresAt ?? 0) - 60_000;
    expect((await cache.getToken()).accessToken).toBe(first.accessToken);
    clock = (first.expiresAt ?? 0) + 1;
    const error = await switchboardFailure(cache.getToken());
    expect(error.code).toBe('PROVIDER_UNAVAILABLE');
    expect(error.isRetryable).toBe(true);
  });

  it('fails with AUTH_FAILED on a wrong client secret', async () => {
    const server = await startServer();
    const error = await switchboardFailure(
      requestClientCredentialsToken({
        profile: confidentialProfile(server, { clientSecret: 'wrong-secret-canary-91x' }),
        fetch,
      }),
    );
    expect(error.code).toBe('AUTH_FAILED');
    expect(everythingShown(error)).not.toContain('wrong-secret-canary-91x');
  });
});

describe('refreshTokens', () => {
  it('rotates the refresh token; re-using the old one is terminal and kills the grant', async () => {
    const server = await startServer();
    const login = await browserLogin(server);
    const refreshToken = login.refreshToken ?? '';
    const refreshed = await refreshTokens({ profile: publicProfile(server), fetch, refreshToken, provider: 'openai' });
    expect(refreshed.accessToken).not.toBe(login.accessToken);
    expect(refreshed.refreshToken).toBeTruthy();
    expect(refreshed.refreshToken).not.toBe(refreshToken);
    expect(refreshed.claims?.sub).toBe('ada');
    expect(await server.isTokenActive(refreshed.accessToken)).toBe(true);
    expect(await server.isTokenActive(refreshToken)).toBe(false);
    expect(server.grantsServed().refresh_token).toBe(1);

    const reuse = await switchboardFailure(
      refreshTokens({ profile: publicProfile(server), fetch, refreshToken, provider: 'openai' }),
    );
    expect(reuse.code).toBe('SESSION_EXPIRED');
    expect(isTerminalAuthError(reuse)).toBe(true);
    expect(await server.isTokenActive(refreshed.refreshToken ?? '')).toBe(false);
  });

  it('keeps the old refresh token when the server does not rotate it', async () => {
    const server = await startServer({ rotateRefreshTokens: false });
    const login = await browserLogin(server);
    const refreshed = await refreshTokens({
      profile: publicProfile(server),
      fetch,
      refreshToken: login.refreshToken ?? '',
    });
    expect(refreshed.refreshToken).toBe(login.refreshToken);
    expect(refreshed.accessToken).not.toBe(login.accessToken);
  });

  it('fails with terminal SESSION_EXPIRED (and the login command) after the grants were revoked', async () => {
    const server = await startServer();
    const login = await browserLogin(server);
    await server.revokeAllGrants();
    const error = await switchboardFailure(
      refreshTokens({
        profile: publicProfile(server),
        fetch,
        refreshToken: login.refreshToken ?? '',
        provider: 'openai',
      }),
    );
    expect(error.code).toBe('SESSION_EXPIRED');
    expect(error.isRetryable).toBe(false);
    expect(isTerminalAuthError(error)).toBe(true);
    expect(error.hint).toBe('sb auth login openai');
    expect(error.message).toContain('sb auth login openai');
  });

  it('maps a token endpoint 500 to retryable PROVIDER_UNAVAILABLE (not terminal)', async () => {
    const server = await startServer();
    const login = await browserLogin(server);
    server.setFault('token-500');
    const error = await switchboardFailure(
      refreshTokens({ profile: publicProfile(server), fetch, refreshToken: login.refreshToken ?? '' }),
    );
    expect(error.code).toBe('PROVIDER_UNAVAILABLE');
    expect(error.isRetryable).toBe(true);
    expect(error.status).toBe(500);
    expect(isTerminalAuthError(error)).toBe(false);
  });

  it('gives up on a hung token endpoint with TIMEOUT within the configured timeout', async () => {
    const server = await startServer();
    const login = await browserLogin(server);
    server.setFault('token-hang');
    const error = await switchboardFailure(
      refreshTokens({ profile: publicProfile(server), fetch, refreshToken: login.refreshToken ?? '', timeoutMs: 300 }),
    );
    expect(error.code).toBe('TIMEOUT');
    expect(error.isRetryable).toBe(true);
    expect(isTerminalAuthError(error)).toBe(false);
  });

  it('is cancelled by its AbortSignal on a hung token endpoint', async () => {
    const server = await startServer();
    const login = await browserLogin(server);
    server.setFault('token-hang');
    const controller = new AbortController();
    const pending = refreshTokens({
      profile: publicProfile(server),
      fetch,
      refreshToken: login.refreshToken ?? '',
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 50);
    expect((await switchboardFailure(pending)).code).toBe('CANCELLED');
  });

  it('maps an unreachable server to NETWORK', async () => {
    const server = await startServer();
    const profile = publicProfile(server);
    await server.close();
    servers.pop();
    const error = await switchboardFailure(refreshTokens({ profile, fetch, refreshToken: 'whatever-refresh-token' }));
    expect(error.code).toBe('NETWORK');
    expect(error.isRetryable).toBe(true);
  });
});

describe('revokeToken (RFC 7009)', () => {
  it('revokes the refresh token at the discovered endpoint: the server sees it and the token dies', async () => {
    const server = await startServer();
    const login = await browserLogin(server);
    const refreshToken = login.refreshToken ?? '';
    expect(await server.isTokenActive(refreshToken)).toBe(true);
    const result = await revokeToken({
      profile: publicProfile(server),
      fetch,
      token: refreshToken,
      tokenTypeHint: 'refresh_token',
    });
    expect(result).toEqual({ revoked: true });
    expect(server.revocations()).toBe(1);
    expect(await server.isTokenActive(refreshToken)).toBe(false);
  });

  it('never throws: no endpoint or an unreachable server give revoked false with a reason', async () => {
    const server = await startServer();
    const noEndpoint = await revokeToken({
      profile: { tokenEndpoint: server.endpoints.token, clientId: server.publicClientId, scopes: [] },
      fetch,
      token: 'token-canary-xyz',
    });
    expect(noEndpoint.revoked).toBe(false);
    expect(noEndpoint.reason).toMatch(/revocation/);

    const profile = publicProfile(server, { revocationEndpoint: server.endpoints.revocation });
    await server.close();
    servers.pop();
    const unreachable = await revokeToken({ profile, fetch, token: 'token-canary-xyz' });
    expect(unreachable.revoked).toBe(false);
    expect(unreachable.code).toBe('NETWORK');
    expect(unreachable.reason).not.toContain('token-canary-xyz');
  });
});

describe('secrets never leak into errors (canary)', () => {
  it('no failure shows the refresh token, access token, authorization code or client secret', async () => {
    const clientSecret = 'client-secret-canary-5b1e9d';
    const server = await startServer({ confidentialClientSecret: clientSecret });
    const login = await browserLogin(server);
    const refreshToken = login.refreshToken ?? '';
    const canaries = [refreshToken, login.accessToken, clientSecret];
    const errors: SwitchboardError[] = [];

    // Token endpoint faults while refreshing.
    for (const fault of ['token-500', 'token-invalid-grant', 'token-hang'] as const) {
      server.setFault(fault);
      // Only the hang needs a short deadline; a loaded machine must not turn the others into TIMEOUT.
      const timeoutMs = fault === 'token-hang' ? 300 : 15_000;
      errors.push(
        await switchboardFailure(refreshTokens({ profile: publicProfile(server), fetch, refreshToken, timeoutMs })),
      );
    }
    server.setFault('none');

    // Authorization responses that fail in three different places.
    let code = '';
    for (const forge of ['code', 'state', 'iss'] as const) {
      const events: LoginEvent[] = [];
      errors.push(
        await switchboardFailure(
          loginWithPasteCode({
            profile: publicProfile(server),
            fetch,
            attempts: 1,
            onEvent: (event) => events.push(event),
            readInput: async () => {
              const prompt = events.find((event) => event.type === 'paste_prompt');
              if (prompt?.type !== 'paste_prompt') throw new Error('no prompt');
              const { callbackUrl } = await completeBrowserLogin(prompt.url, { followCallback: false });
              const url = new URL(callbackUrl);
              code = url.searchParams.get('code') ?? '';
              canaries.push(code);
              // A tampered code fails at the token endpoint; a forged state in the parser; a
              // foreign issuer (mix-up) inside openid-client, whose error holds the parameters.
              if (forge === 'code') url.searchParams.set('code', `${code}-tampered-canary`);
              if (forge === 'state') url.searchParams.set('state', 'forged');
              if (forge === 'iss') url.searchParams.set('iss', 'http://127.0.0.1:9/other-issuer');
              return url.href;
            },
          }),
        ),
      );
    }
    canaries.push(`${code}-tampered-canary`);

    // Revoked grant, wrong client secret, unreachable server.
    await server.revokeAllGrants();
    errors.push(await switchboardFailure(refreshTokens({ profile: publicProfile(server), fetch, refreshToken })));
    errors.push(
      await switchboardFailure(
        requestClientCredentialsToken({
          profile: confidentialProfile(server, { clientSecret: `${clientSecret}-wrong` }),
          fetch,
        }),
      ),
    );
    const profile = publicProfile(server);
    await server.close();
    servers.pop();
    errors.push(await switchboardFailure(refreshTokens({ profile, fetch, refreshToken })));

    expect(errors.map((error) => error.code)).toEqual([
      'PROVIDER_UNAVAILABLE',
      'SESSION_EXPIRED',
      'TIMEOUT',
      'OAUTH_FAILED',
      'OAUTH_STATE_MISMATCH',
      'OAUTH_FAILED',
      'SESSION_EXPIRED',
      'AUTH_FAILED',
      'NETWORK',
    ]);
    for (const error of errors) {
      const shown = everythingShown(error);
      for (const canary of canaries) {
        expect(canary.length).toBeGreaterThan(8);
        expect(shown).not.toContain(canary);
      }
    }
    expect(errors.every((error) => isSwitchboardError(error))).toBe(true);
  });
});
