import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { completeBrowserLogin, completeDeviceLogin, startOAuthServer, type OAuthServer } from '@switchboard/testkit';
import { runSb, startSb } from './helpers/sb-process.js';
import { clientCredentialsConfig, createTestHome, signInConfig, type TestHome } from './helpers/switchboard-home.js';

const CHATGPT_CLAIMS = (login: string) => ({
  'https://api.openai.com/auth': { chatgpt_plan_type: 'plus', chatgpt_account_id: `acct-${login}` },
});

let server: OAuthServer;
let home: TestHome;

beforeAll(async () => {
  server = await startOAuthServer({ extraClaims: CHATGPT_CLAIMS });
});
afterAll(async () => {
  await server.close();
});
afterEach(async () => {
  await home?.remove();
});

describe('sb auth login (real sb process against a real OAuth server)', () => {
  it('signs in by the loopback browser flow, driven by the open_url JSON line', async () => {
    home = await createTestHome(signInConfig('openai', server));
    const login = startSb(['auth', 'login', 'chatgpt', '--no-browser', '--json'], { environment: home.environment });
    const openUrl = await login.nextJson((line) => line.event === 'open_url');
    expect(String(openUrl.url)).toMatch(new RegExp(`^${server.issuer}/`));
    const browser = await completeBrowserLogin(String(openUrl.url), { login: 'ada', followCallback: true });
    expect(browser.callbackStatus).toBe(200);
    const result = await login.result;
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const loggedIn = await login.nextJson((line) => line.event === 'logged_in');
    expect(loggedIn).toMatchObject({
      event: 'logged_in',
      provider: 'openai',
      method: 'oauth',
      account: 'ada@example.test',
      plan: 'plus',
    });
    expect(Date.parse(String(loggedIn.expires_at))).toBeGreaterThan(Date.now());
    expect(server.grantsServed().authorization_code).toBeGreaterThanOrEqual(1);

    const status = await runSb(['auth', 'status', 'openai', '--json'], { environment: home.environment });
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({
      active: { provider: 'openai', method: 'oauth' },
      providers: [
        {
          provider: 'openai',
          loggedIn: true,
          method: 'oauth',
          account: 'ada@example.test',
          plan: 'plus',
          refreshable: true,
        },
      ],
    });
  });

  it('signs in by the device flow, driven by the device_code JSON line', async () => {
    home = await createTestHome(signInConfig('openai', server));
    const login = startSb(['auth', 'login', 'openai', '--method', 'device', '--json'], {
      environment: home.environment,
    });
    const deviceCode = await login.nextJson((line) => line.event === 'device_code');
    expect(deviceCode).toEqual({
      event: 'device_code',
      verification_uri: expect.stringMatching(new RegExp(`^${server.issuer}/`)),
      verification_uri_complete: expect.stringContaining(String(deviceCode.user_code)),
      user_code: expect.any(String),
    });
    const deviceGrantsBefore = server.grantsServed().device_code;
    await completeDeviceLogin(String(deviceCode.verification_uri), String(deviceCode.user_code));
    const result = await login.result;
    expect(result.code).toBe(0);
    expect(await login.nextJson((line) => line.event === 'logged_in')).toMatchObject({
      provider: 'openai',
      method: 'oauth',
    });
    expect(server.grantsServed().device_code).toBe(deviceGrantsBefore + 1);
  });

  it('signs in by the paste flow: the redirect address is read from stdin', async () => {
    home = await createTestHome(signInConfig('google', server));
    const login = startSb(['auth', 'login', 'gemini', '--method', 'paste', '--json'], {
      environment: home.environment,
    });
    const prompt = await login.nextJson((line) => line.event === 'paste_prompt');
    // The browser ends on a loopback address nothing listens on (the SSH case): do not follow it.
    const browser = await completeBrowserLogin(String(prompt.url), { login: 'grace', followCallback: false });
    login.writeLine(browser.callbackUrl);
    const result = await login.result;
    expect(result.code).toBe(0);
    expect(await login.nextJson((line) => line.event === 'logged_in')).toMatchObject({
      provider: 'google',
      method: 'oauth',
      account: 'grace@example.test',
    });
  });

  it('logs in with client credentials (Azure profile pointed at the confidential client)', async () => {
    home = await createTestHome(clientCredentialsConfig('azure', server));
    const before = server.grantsServed().client_credentials;
    const result = await runSb(['auth', 'login', 'azure', '--method', 'client-credentials', '--json'], {
      environment: home.environment,
    });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout.trim())).toMatchObject({
      event: 'logged_in',
      provider: 'azure',
      method: 'client-credentials',
      account: server.confidentialClientId,
    });
    expect(server.grantsServed().client_credentials).toBe(before + 1);
    const token = await runSb(['auth', 'token', 'azure'], { environment: home.environment });
    expect(token.code).toBe(0);
    expect(await server.isTokenActive(token.stdout.trim())).toBe(true);
  });

  it('logs in with an API key read from stdin (--with-api-key), and prints it back only through `auth token`', async () => {
    home = await createTestHome();
    const key = 'mistral-e2e-key-0123456789abcdef';
    const result = await runSb(['auth', 'login', 'mistral', '--with-api-key'], {
      environment: home.environment,
      input: `${key}\n`,
    });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toBe('✅ Logged in to Mistral as mistral-…cdef (API key) — session mistral/key-cdef.\n');
    const token = await runSb(['auth', 'token', 'mistral'], { environment: home.environment });
    expect(token).toMatchObject({ code: 0, stdout: `${key}\n`, stderr: '' });
  });

  it('prints the sign-in URL for people with --no-browser and no --json (on stderr; stdout keeps the result)', async () => {
    home = await createTestHome(signInConfig('openai', server));
    const login = startSb(['auth', 'login', 'openai', '--no-browser'], { environment: home.environment });
    let url: string | undefined;
    await expect
      .poll(
        async () => {
          const match = /(http:\/\/127\.0\.0\.1:\d+\/\S*auth\S*)/.exec(login.stderrSoFar());
          url = match?.[1];
          return url;
        },
        { timeout: 30_000 },
      )
      .toBeDefined();
    await completeBrowserLogin(String(url), { login: 'linus', followCallback: true });
    const result = await login.result;
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('To sign in to ChatGPT, open this URL in your browser:');
    expect(result.stdout).toBe(
      '✅ Logged in to ChatGPT as linus@example.test (sign-in, plan plus) — session openai/linus.\n',
    );
  });
});
