import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { completeBrowserLogin, defaultAnswerText, startOAuthServer, type OAuthServer } from '@switchboard/testkit';
import { createUpstreamHome, type UpstreamHome } from './helpers/fake-upstream-home.js';
import { startSb } from './helpers/sb-process.js';
import { signInConfig } from './helpers/switchboard-home.js';

const PROJECT = 'my-gemini-project';
const ONLY_SIGN_IN = '[routing]\nprefer = ["google"]\nfallback = false';

let server: OAuthServer;
const homes: UpstreamHome[] = [];
beforeAll(async () => {
  server = await startOAuthServer();
});
afterAll(async () => {
  await server.close();
});
afterEach(async () => {
  await Promise.all(homes.splice(0).map((home) => home.close()));
});

/** Signs in by the paste flow and returns the access token the OAuth server issued. */
async function signIn(home: UpstreamHome): Promise<string> {
  const login = startSb(['auth', 'login', 'google', '--method', 'paste', '--json'], {
    environment: home.home.environment,
  });
  const prompt = await login.nextJson((line) => line.event === 'paste_prompt');
  const browser = await completeBrowserLogin(String(prompt.url), { login: 'grace', followCallback: false });
  login.writeLine(browser.callbackUrl);
  expect((await login.result).code).toBe(0);
  const token = await home.sb(['auth', 'token', 'google']);
  expect(token.code).toBe(0);
  return token.stdout.trim();
}

describe('Google sign-in with your own OAuth client reaches the Gemini API', () => {
  it('asks with Bearer + x-goog-user-project, never Code Assist and never an API key', async () => {
    const accepted: string[] = [];
    const home = await createUpstreamHome(
      [ONLY_SIGN_IN, signInConfig('google', server), `[providers.google.settings]\nproject = "${PROJECT}"`].join('\n'),
      { geminiOAuth: { tokens: accepted, quotaProjects: [PROJECT] } },
    );
    homes.push(home);
    const token = await signIn(home);
    accepted.push(token);

    const result = await home.sb(['ask', '--model', 'gemini-4-carbon', 'hello']);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(`${defaultAnswerText('gemini', 'gemini-4-carbon', 'hello')}\n`);
    const request = home.upstream.lastRequest('gemini');
    expect(request).toMatchObject({ authorized: true, credential: token });
    expect(request?.headers['x-goog-user-project']).toBe(PROJECT);
    expect(request?.headers['x-goog-api-key']).toBeUndefined();
    expect(home.upstream.requests.some((entry) => entry.provider === 'codeassist')).toBe(false);
    // `sb auth token` prints it on purpose; nothing else may.
    expect(result.stdout + result.stderr).not.toContain(token.slice(8));
  });

  it('without a project, Google refuses and the error says how to set one', async () => {
    const accepted: string[] = [];
    const home = await createUpstreamHome([ONLY_SIGN_IN, signInConfig('google', server)].join('\n'), {
      geminiOAuth: { tokens: accepted, quotaProjects: [PROJECT] },
    });
    homes.push(home);
    accepted.push(await signIn(home));
    const result = await home.sb(['ask', '--model', 'gemini-4-carbon', 'x']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('requires a quota project');
    expect(result.stderr).toContain('docs/providers/google.md');
  });

  it('refuses --method device for Google with the reason, before any request', async () => {
    const home = await createUpstreamHome(
      '[providers.google.oauth]\nclient_id = "my-client.apps.googleusercontent.com"',
    );
    homes.push(home);
    const result = await home.sb(['auth', 'login', 'google', '--method', 'device']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('TVs and Limited Input devices');
    expect(result.stderr).toContain('--method paste');
    expect(home.upstream.requests).toEqual([]);
  });
});
