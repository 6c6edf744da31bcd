import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOAuthServer, type OAuthServer } from '@switchboard/testkit';
import { runSb, startSb } from './helpers/sb-process.js';
import { signInByBrowser, tokenOf } from './helpers/logins.js';
import { createTestHome, signInConfig, type TestHome } from './helpers/switchboard-home.js';
import { jsonLines } from './helpers/json-lines.js';

// Tokens live 310 s: 10 s after sign-in they enter the 5-minute refresh window (as in the
// refresh-storm test), so both sessions can be made due for refresh at once.
const TOKEN_TTL_SECONDS = 310;
const REFRESH_WINDOW_SECONDS = 300;
const PER_SESSION = 4;

let server: OAuthServer;
let home: TestHome;

interface StatusJson {
  active: { provider: string; method: string; session: string | null } | null;
  providers: Array<{
    provider: string;
    session: string | null;
    account: string | null;
    sessions: Array<{ ref: string; name: string; account: string | null; active: boolean; expiresAt: string | null }>;
  }>;
}

async function status(target = 'openai'): Promise<{ code: number; json: StatusJson }> {
  const result = await runSb(['auth', 'status', target, '--json'], { environment: home.environment });
  return { code: result.code, json: JSON.parse(result.stdout) as StatusJson };
}

beforeAll(async () => {
  server = await startOAuthServer({
    accessTokenTtlSeconds: TOKEN_TTL_SECONDS,
    rotateRefreshTokens: true,
    extraClaims: (accountId) => ({
      email: `${accountId}@example.test`,
      'https://api.openai.com/auth': { chatgpt_account_id: `acct-${accountId}`, chatgpt_plan_type: 'pro' },
    }),
  });
  home = await createTestHome(signInConfig('openai', server));
});
afterAll(async () => {
  await home?.remove();
  await server?.close();
});

describe('two ChatGPT accounts at one OAuth server, side by side', () => {
  it(
    'adds, names, switches, refreshes concurrently per session, and logs out one of them',
    { timeout: 180_000 },
    async () => {
      await signInByBrowser(home.environment, 'openai', 'ada');
      await signInByBrowser(home.environment, 'openai', 'bob', ['--name', 'personal']);
      let { json } = await status();
      const openai = json.providers[0]!;
      expect(openai.sessions.map((session) => [session.ref, session.account, session.active])).toEqual([
        ['openai/ada', 'ada@example.test', true],
        ['openai/personal', 'bob@example.test', false],
      ]);
      expect(json.active).toEqual({ provider: 'openai', method: 'oauth', session: 'ada' });

      const text = await runSb(['auth', 'status'], { environment: home.environment });
      expect(text.stdout).toMatch(/● openai\/ada · sign-in · ada@example\.test/);
      expect(text.stdout).toMatch(/○ openai\/personal · sign-in · bob@example\.test/);

      const ada = await tokenOf(home.environment, 'openai');
      const bob = await tokenOf(home.environment, 'openai/personal');
      expect(ada).not.toBe(bob);
      expect(await tokenOf(home.environment, 'openai/ada')).toBe(ada);
      expect(await server.isTokenActive(ada)).toBe(true);
      expect(await server.isTokenActive(bob)).toBe(true);

      // The same account signing in again replaces its session in place (no prompt: not a terminal).
      await signInByBrowser(home.environment, 'openai', 'bob');
      json = (await status()).json;
      expect(json.providers[0]!.sessions.map((session) => session.ref)).toEqual(['openai/ada', 'openai/personal']);

      // A name another account holds is refused without --replace, and nothing changes.
      const taken = startSb(['auth', 'login', 'openai/personal', '--no-browser', '--json'], {
        environment: home.environment,
      });
      const openUrl = await taken.nextJson((line) => line.event === 'open_url');
      const { completeBrowserLogin } = await import('@switchboard/testkit');
      await completeBrowserLogin(String(openUrl.url), { login: 'carol', followCallback: true });
      const refused = await taken.result;
      expect(refused.code).toBe(2);
      // With --json the error is the last JSON line on stdout.
      expect(refused.stdout).toContain('"code":"INVALID_INPUT"');
      expect(refused.stdout).toContain('openai/personal already holds bob@example.test');
      expect((await status('openai/personal')).json.providers[0]!.sessions[0]!.account).toBe('bob@example.test');

      // Both sessions become due for refresh; eight processes ask for them at once.
      const latest = Math.max(
        ...(await status()).json.providers[0]!.sessions.map((session) => Date.parse(session.expiresAt!)),
      );
      const dueAt = latest - REFRESH_WINDOW_SECONDS * 1000;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, dueAt - Date.now()) + 500));
      const grantsBefore = server.grantsServed().refresh_token;
      const running = ['openai/ada', 'openai/personal'].flatMap((target) =>
        Array.from({ length: PER_SESSION }, () =>
          startSb(['auth', 'token', target], { environment: home.environment, input: '' }),
        ),
      );
      const results = await Promise.all(running.map((process) => process.result));
      for (const result of results)
        expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
      const adaTokens = new Set(results.slice(0, PER_SESSION).map((result) => result.stdout.trim()));
      const bobTokens = new Set(results.slice(PER_SESSION).map((result) => result.stdout.trim()));
      expect(adaTokens.size).toBe(1);
      expect(bobTokens.size).toBe(1);
      const [adaRefreshed] = [...adaTokens];
      const [bobRefreshed] = [...bobTokens];
      expect(adaRefreshed).not.toBe(ada);
      expect(adaRefreshed).not.toBe(bobRefreshed);
      // One refresh grant per session, not one per process; both grants survive (no reuse).
      expect(server.grantsServed().refresh_token - grantsBefore).toBe(2);
      expect(await server.isTokenActive(adaRefreshed!)).toBe(true);
      expect(await server.isTokenActive(bobRefreshed!)).toBe(true);

      // Switching to the other account makes it serve whatever names only the provider.
      const switched = await runSb(['auth', 'switch', 'chatgpt/personal', '--json'], { environment: home.environment });
      expect(JSON.parse(switched.stdout)).toEqual({
        active: { provider: 'openai', method: 'oauth', session: 'personal' },
      });
      expect(await tokenOf(home.environment, 'openai')).toBe(bobRefreshed);

      // Logging out of one session revokes only its grant; the other stays.
      const logout = await runSb(['auth', 'logout', 'openai/personal'], { environment: home.environment });
      expect(logout.code).toBe(0);
      expect(logout.stdout).toContain('Logged out of ChatGPT (openai/personal)');
      expect(await server.isTokenActive(bobRefreshed!)).toBe(false);
      expect(await server.isTokenActive(adaRefreshed!)).toBe(true);
      expect((await status('openai/personal')).code).toBe(3);
      const after = await status();
      expect(after.code).toBe(0);
      expect(after.json.active).toEqual({ provider: 'openai', method: 'oauth', session: 'ada' });
      expect(await tokenOf(home.environment, 'openai')).toBe(adaRefreshed);

      // The event log tells the sessions apart.
      const log = await runSb(['auth', 'log', '--json', '--provider', 'openai/personal'], {
        environment: home.environment,
      });
      const entries = jsonLines<{ kind: string; session?: string }>(log.stdout);
      expect(entries.every((entry) => entry.session === undefined || entry.session === 'personal')).toBe(true);
      expect(entries.filter((entry) => entry.session === 'personal').map((entry) => entry.kind)).toEqual(
        expect.arrayContaining(['login.succeeded', 'refresh.succeeded', 'switch.succeeded', 'logout']),
      );
      const people = await runSb(['auth', 'log', '--provider', 'openai/personal'], { environment: home.environment });
      expect(people.stdout).toContain('signed out of ChatGPT openai/personal');
    },
  );
});
