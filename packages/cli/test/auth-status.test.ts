import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startOAuthServer, type OAuthServer } from '@switchboard/testkit';
import { runSb } from './helpers/sb-process.js';
import { logInWithApiKey, signInByBrowser, signInByDevice, tokenOf } from './helpers/logins.js';
import { createTestHome, signInConfig, type TestHome } from './helpers/switchboard-home.js';

let server: OAuthServer;
let home: TestHome;

beforeAll(async () => {
  server = await startOAuthServer({
    extraClaims: (login) => ({
      'https://api.openai.com/auth': { chatgpt_plan_type: 'pro', chatgpt_account_id: `acct-${login}` },
    }),
  });
});
afterAll(async () => {
  await server.close();
});
afterEach(async () => {
  await home?.remove();
});

const STATUS_KEYS = [
  'provider',
  'name',
  'loggedIn',
  'method',
  'account',
  'plan',
  'expiresAt',
  'refreshable',
  'session',
  'sessions',
];

describe('sb auth status, switch and logout (real sb process)', () => {
  it('reports nobody logged in with exit 3, in JSON and for people', async () => {
    home = await createTestHome();
    const json = await runSb(['auth', 'status', '--json'], { environment: home.environment });
    expect(json.code).toBe(3);
    const parsed = JSON.parse(json.stdout) as { active: unknown; providers: Record<string, unknown>[] };
    expect(Object.keys(parsed)).toEqual(['active', 'providers']);
    expect(parsed.active).toBeNull();
    expect(parsed.providers.map((provider) => provider.provider)).toEqual([
      'openai',
      'anthropic',
      'google',
      'mistral',
      'azure',
      'vertex',
      'bedrock',
    ]);
    for (const provider of parsed.providers) {
      expect(Object.keys(provider)).toEqual(STATUS_KEYS);
      expect(provider.loggedIn).toBe(false);
    }
    const human = await runSb(['auth', 'status'], { environment: home.environment });
    expect(human.code).toBe(3);
    expect(human.stdout).toContain('❌ ChatGPT: not logged in\n');
    expect(human.stdout).toContain('❌ Gemini: not logged in\n');
    const one = await runSb(['auth', 'status', 'gemini'], { environment: home.environment });
    expect(one.code).toBe(3);
    expect(one.stdout).toBe('❌ Gemini: not logged in\n\nLog in with: sb auth login google\n');
  });

  it('holds three providers at once, switches between them and logs out with revocation seen at the server', async () => {
    home = await createTestHome(`${signInConfig('openai', server)}\n${signInConfig('google', server)}`);
    const { environment } = home;
    await signInByBrowser(environment, 'chatgpt', 'ada');
    await signInByDevice(environment, 'gemini', 'grace');
    await logInWithApiKey(environment, 'claude', 'sk-ant-e2e-status-key-000000000001');

    const status = await runSb(['auth', 'status', '--json'], { environment });
    expect(status.code).toBe(0);
    const parsed = JSON.parse(status.stdout) as { active: unknown; providers: Record<string, unknown>[] };
    // The first login became the active provider; later ones did not take over.
    expect(parsed.active).toEqual({ provider: 'openai', method: 'oauth', session: 'ada' });
    const byId = Object.fromEntries(parsed.providers.map((provider) => [provider.provider, provider]));
    expect(byId.openai).toMatchObject({
      loggedIn: true,
      method: 'oauth',
      account: 'ada@example.test',
      plan: 'pro',
      refreshable: true,
    });
    expect(byId.google).toMatchObject({
      loggedIn: true,
      method: 'oauth',
      account: 'grace@example.test',
      refreshable: true,
    });
    expect(byId.anthropic).toMatchObject({ loggedIn: true, method: 'api-key', expiresAt: null, refreshable: false });
    expect(byId.mistral).toMatchObject({ loggedIn: false });

    const human = await runSb(['auth', 'status'], { environment });
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(
      /^✅ ChatGPT: logged in \(expires in (59|60) minutes\) · sign-in · ada@example\.test · plan pro {2}● active$/m,
    );
    // (The test server puts the ChatGPT plan claim in every id_token, so Gemini shows it too.)
    expect(human.stdout).toMatch(
      /^✅ Gemini: logged in \(expires in (59|60) minutes\) · sign-in · grace@example\.test · plan pro$/m,
    );
    expect(human.stdout).toMatch(/^✅ Claude: logged in · API key · sk-…0001$/m);
    expect(human.stdout).toMatch(/^❌ Mistral: not logged in$/m);

    const switched = await runSb(['auth', 'switch', 'gemini'], { environment });
    expect(switched).toMatchObject({
      code: 0,
      stdout: 'Switched to Gemini google/grace (sign-in · grace@example.test).\n',
    });
    const afterSwitch = JSON.parse((await runSb(['auth', 'status', '--json'], { environment })).stdout) as {
      active: unknown;
    };
    expect(afterSwitch.active).toEqual({ provider: 'google', method: 'oauth', session: 'grace' });

    // Switching to a provider without a session is refused (exit 3) and changes nothing.
    const refused = await runSb(['auth', 'switch', 'mistral'], { environment });
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(/^sb: .*Mistral.*\n$/);
    expect(
      (JSON.parse((await runSb(['auth', 'status', '--json'], { environment })).stdout) as { active: unknown }).active,
    ).toEqual({ provider: 'google', method: 'oauth', session: 'grace' });

    const openaiToken = await tokenOf(environment, 'openai');
    expect(await server.isTokenActive(openaiToken)).toBe(true);
    const revocationsBefore = server.revocations();
    const logout = await runSb(['auth', 'logout', 'chatgpt'], { environment });
    expect(logout).toMatchObject({
      code: 0,
      stdout: '✅ Logged out of ChatGPT (openai/ada); ChatGPT confirmed the revocation.\n',
    });
    expect(server.revocations()).toBeGreaterThan(revocationsBefore);
    expect(await server.isTokenActive(openaiToken)).toBe(false);
    expect((await runSb(['auth', 'status', 'openai'], { environment })).code).toBe(3);
    expect((await runSb(['auth', 'status', 'gemini'], { environment })).code).toBe(0);

    const googleToken = await tokenOf(environment, 'gemini');
    const all = await runSb(['auth', 'logout', '--all', '--json'], { environment });
    expect(all.code).toBe(0);
    expect(JSON.parse(all.stdout)).toEqual({
      providers: [
        { provider: 'anthropic', removed: true, revoked: false, sessions: ['anthropic/key-0001'] },
        { provider: 'google', removed: true, revoked: true, sessions: ['google/grace'] },
      ],
    });
    expect(await server.isTokenActive(googleToken)).toBe(false);
    expect((await runSb(['auth', 'status'], { environment })).code).toBe(3);
  });

  it('says which subscription session is skipped until its plan resets (recorded by any process)', async () => {
    home = await createTestHome();
    await logInWithApiKey(home.environment, 'mistral', 'mistral-status-key-00000000a1b2');
    const until = Date.now() + 2 * 3_600_000;
    // What a gateway records when a plan's window runs out (run/exhausted-sessions.json).
    await mkdir(join(home.home, 'run'), { recursive: true });
    await writeFile(
      join(home.home, 'run', 'exhausted-sessions.json'),
      JSON.stringify({ version: 1, until: { 'mistral/api-key/key-a1b2': until } }),
    );
    // Local time of day, with the date in front when the reset is not today (two hours after a late evening).
    const time = new Date(until).toTimeString().slice(0, 5);
    const reset = new RegExp(`mistral/key-a1b2 .*plan limit reached until (\\d{4}-\\d\\d-\\d\\d )?${time}\n`, 'u');
    for (const target of ['mistral/key-a1b2', 'mistral']) {
      const text = await runSb(['auth', 'status', target], { environment: home.environment });
      expect(text.stdout).toMatch(reset);
    }
    const json = JSON.parse(
      (await runSb(['auth', 'status', 'mistral', '--json'], { environment: home.environment })).stdout,
    ) as {
      providers: { sessions: { ref: string; exhaustedUntil: string | null }[] }[];
    };
    expect(json.providers[0]?.sessions).toEqual([
      expect.objectContaining({ ref: 'mistral/key-a1b2', exhaustedUntil: new Date(until).toISOString() }),
    ]);
  });

  it('needs a provider or --all for logout (exit 2)', async () => {
    home = await createTestHome();
    const neither = await runSb(['auth', 'logout'], { environment: home.environment });
    expect(neither.code).toBe(2);
    expect(neither.stderr).toBe(
      'sb: Name one provider or pass --all (not both). — Run `sb auth logout --help` for usage.\n',
    );
  });
});
