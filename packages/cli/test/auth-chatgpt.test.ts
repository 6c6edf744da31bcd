import {
  completeBrowserLogin,
  completeDeviceLogin,
  startChatGptAuthServer,
  type ChatGptAuthServer,
} from '@switchboard/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { runSb, startSb } from './helpers/sb-process.js';
import { closedPort, createTestHome, type TestHome } from './helpers/switchboard-home.js';

let server: ChatGptAuthServer | undefined;
let home: TestHome | undefined;

afterEach(async () => {
  await server?.close();
  await home?.remove();
  server = undefined;
  home = undefined;
});

/**
 * The fake auth.openai.com with a free port in its exact redirect allow-list, and a home whose
 * config.toml overrides only the issuer and the port (every endpoint derives from the issuer).
 */
async function setUp(options: Parameters<typeof startChatGptAuthServer>[0] = {}): Promise<{
  server: ChatGptAuthServer;
  home: TestHome;
  port: number;
}> {
  const port = await closedPort();
  server = await startChatGptAuthServer({ redirectPorts: [port], ...options });
  home = await createTestHome(
    `[providers.openai.oauth]\nissuer = "${server.issuer}"\nredirect_port = ${port}\nfallback_ports = []\n`,
  );
  return { server, home, port };
}

describe('sb auth login chatgpt against the fake auth.openai.com', () => {
  it('never prints or logs a code, verifier, device id or token the server handed out (browser, device, refresh failure)', async () => {
    const { server, home } = await setUp({ accessTokenTtlSeconds: 60 });
    const outputs: string[] = [];
    const browser = startSb(['auth', 'login', 'chatgpt', '--no-browser', '--json'], { environment: home.environment });
    const openUrl = await browser.nextJson((line) => line.event === 'open_url');
    await completeBrowserLogin(String(openUrl.url), { login: 'ada', followCallback: true });
    const browserResult = await browser.result;
    const device = startSb(['auth', 'login', 'chatgpt', '--method', 'device', '--json'], {
      environment: home.environment,
    });
    const code = await device.nextJson((line) => line.event === 'device_code');
    server.approveDevice(String(code.user_code), 'grace');
    const deviceResult = await device.result;
    server.invalidateAllGrants();
    const expired = await runSb(['auth', 'status', 'chatgpt', '--json'], { environment: home.environment });
    const refreshFailure = await runSb(['auth', 'token', 'chatgpt'], { environment: home.environment });
    expect(refreshFailure.code).toBe(3);
    for (const result of [browserResult, deviceResult, expired, refreshFailure])
      outputs.push(result.stdout, result.stderr);
    outputs.push(await home.readLogs());
    const secrets = server.issuedSecrets();
    expect(secrets.length).toBeGreaterThanOrEqual(8);
    const everything = outputs.join('\n');
    for (const secret of secrets) expect(everything).not.toContain(secret);
  });

  it('browser: --no-browser --json prints the localhost URL, the callback lands, plan and account are stored', async () => {
    const { server, home, port } = await setUp();
    const login = startSb(['auth', 'login', 'chatgpt', '--no-browser', '--json'], { environment: home.environment });
    const openUrl = await login.nextJson((line) => line.event === 'open_url');
    const url = new URL(String(openUrl.url));
    expect(url.origin + url.pathname).toBe(`${server.issuer}/oauth/authorize`);
    expect(url.searchParams.get('redirect_uri')).toBe(`http://localhost:${port}/auth/callback`);
    expect(url.searchParams.get('originator')).toBe('codex_cli_rs');
    const browser = await completeBrowserLogin(url.href, { login: 'ada', followCallback: true });
    expect(browser.callbackStatus).toBe(200);
    const result = await login.result;
    expect(result.code, result.stderr).toBe(0);
    expect(server.refused()).toEqual([]);
    const status = await runSb(['auth', 'status', 'chatgpt', '--json'], { environment: home.environment });
    expect(status.code).toBe(0);
    expect(status.stdout).toContain('"plan":"plus"');

    // Logging out revokes at /oauth/revoke (derived from the issuer, as Codex's auth/revoke.rs does).
    const token = await runSb(['auth', 'token', 'chatgpt'], { environment: home.environment });
    expect(server.isTokenActive(token.stdout.trim())).toBe(true);
    const logout = await runSb(['auth', 'logout', 'chatgpt', '--json'], { environment: home.environment });
    expect(logout.code).toBe(0);
    expect(logout.stdout).toContain('"revoked":true');
    expect(server.isTokenActive(token.stdout.trim())).toBe(false);
  });

  it('device: --method device --json emits the Codex verification URL and user code, then logs in', async () => {
    const { server, home } = await setUp();
    const login = startSb(['auth', 'login', 'chatgpt', '--method', 'device', '--no-browser', '--json'], {
      environment: home.environment,
    });
    const code = await login.nextJson((line) => line.event === 'device_code');
    expect(code).toMatchObject({
      verification_uri: `${server.issuer}/codex/device`,
      user_code: expect.stringMatching(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/),
    });
    await completeDeviceLogin(String(code.verification_uri), String(code.user_code), { login: 'grace' });
    const result = await login.result;
    expect(result.code, result.stderr).toBe(0);
    expect(server.grantsServed().device).toBe(1);
    expect((await runSb(['auth', 'status', 'chatgpt'], { environment: home.environment })).code).toBe(0);
  });

  it('paste: uses the same localhost redirect, and the pasted address finishes the login', async () => {
    const { server, home, port } = await setUp();
    const login = startSb(['auth', 'login', 'chatgpt', '--method', 'paste', '--json'], {
      environment: home.environment,
    });
    const prompt = await login.nextJson((line) => line.event === 'paste_prompt');
    expect(new URL(String(prompt.url)).searchParams.get('redirect_uri')).toBe(`http://localhost:${port}/auth/callback`);
    const browser = await completeBrowserLogin(String(prompt.url), { login: 'linus', followCallback: false });
    login.writeLine(browser.callbackUrl);
    const result = await login.result;
    expect(result.code, result.stderr).toBe(0);
    expect(server.grantsServed().authorization_code).toBe(1);
  });

  it('an expired refresh token: exit 3, the exact command and the guide, the session is gone', async () => {
    // Access tokens inside the 5-minute refresh window from the start: every use refreshes.
    const { server, home } = await setUp({ accessTokenTtlSeconds: 60 });
    const login = startSb(['auth', 'login', 'chatgpt', '--no-browser', '--json'], { environment: home.environment });
    const openUrl = await login.nextJson((line) => line.event === 'open_url');
    await completeBrowserLogin(String(openUrl.url), { login: 'ada', followCallback: true });
    expect((await login.result).code).toBe(0);

    server.expireRefreshTokens();
    const token = await runSb(['auth', 'token', 'chatgpt'], { environment: home.environment });
    expect(token.code).toBe(3);
    expect(token.stdout).toBe('');
    expect(token.stderr).toContain('refresh_token_expired');
    expect(token.stderr).toContain('sb auth login chatgpt');
    expect(token.stderr).toContain('docs/providers/openai.md');
    expect(token.stderr.trim().split('\n')).toHaveLength(1);
    expect((await runSb(['auth', 'status', 'chatgpt'], { environment: home.environment })).code).toBe(3);
    // "Why was I logged out?" has an answer: the event log says the session expired and was removed.
    const log = await runSb(['auth', 'log', '--provider', 'chatgpt'], { environment: home.environment });
    expect(log.stdout).toMatch(
      /cli\[\d+\]\s+ChatGPT openai\/\S+ session expired or was revoked; it was removed \(sign in again\)$/m,
    );
  });
});
