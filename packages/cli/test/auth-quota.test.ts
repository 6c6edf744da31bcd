import { readFile } from 'node:fs/promises';
import {
  completeBrowserLogin,
  freeLoopbackPort,
  startChatGptAuthServer,
  type ChatGptAuthServer,
} from '@switchboard/testkit';
import { PROVIDER_IDS } from '@switchboard/core';
import { afterEach, describe, expect, it } from 'vitest';
import { createUpstreamHome, type UpstreamHome } from './helpers/fake-upstream-home.js';
import { startSb } from './helpers/sb-process.js';

let server: ChatGptAuthServer | undefined;
let setup: UpstreamHome | undefined;

afterEach(async () => {
  await server?.close();
  await setup?.close();
  server = undefined;
  setup = undefined;
});

interface QuotaJson {
  subscriptions: Array<{
    provider: string;
    method: string;
    plan: string | null;
    source: string | null;
    windows: Array<{ id: string; usedPercent: number; windowMinutes?: number; resetsAt?: string }>;
  }>;
  budgets: Array<{ provider: string; budgetUsd: number }>;
  quotaFile: string;
}

/** A home on the fake upstreams, ChatGPT signed in against the fake auth.openai.com. */
async function signedIn(extraConfig = '', accessTokenTtlSeconds = 3600): Promise<UpstreamHome> {
  const port = await freeLoopbackPort();
  server = await startChatGptAuthServer({ redirectPorts: [port], accessTokenTtlSeconds });
  setup = await createUpstreamHome(
    `[providers.openai.oauth]\nissuer = "${server.issuer}"\nredirect_port = ${port}\nfallback_ports = []\n${extraConfig}`,
    {
      codexUsage: {
        plan: 'pro',
        primary: { usedPercent: 63, windowMinutes: 300, resetAfterSeconds: 5_400 },
        secondary: { usedPercent: 21.5, windowMinutes: 10_080, resetAfterSeconds: 3 * 86_400 },
      },
    },
  );
  const login = startSb(['auth', 'login', 'chatgpt', '--no-browser', '--json'], {
    environment: setup.home.environment,
  });
  const openUrl = await login.nextJson((line) => line.event === 'open_url');
  await completeBrowserLogin(String(openUrl.url), { login: 'ada', followCallback: true });
  expect((await login.result).code).toBe(0);
  return setup;
}

describe('sb auth quota', () => {
  it('reads the plan windows from the Codex usage endpoint, with reset times, and keeps them in quota.json', async () => {
    const home = await signedIn();
    const before = Date.now();
    const result = await home.sb(['auth', 'quota', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const quota = JSON.parse(result.stdout) as QuotaJson;
    expect(quota.subscriptions).toEqual([
      expect.objectContaining({
        provider: 'openai',
        method: 'oauth',
        session: 'openai/ada',
        plan: 'pro',
        source: 'codex-usage-endpoint',
        windows: [
          expect.objectContaining({ id: 'codex.primary', usedPercent: 63, windowMinutes: 300 }),
          expect.objectContaining({ id: 'codex.secondary', usedPercent: 21.5, windowMinutes: 10_080 }),
        ],
      }),
    ]);
    const resetsAt = Date.parse(quota.subscriptions[0]!.windows[0]!.resetsAt ?? '');
    expect(resetsAt).toBeGreaterThanOrEqual(before + 5_400_000 - 2_000);
    expect(resetsAt).toBeLessThanOrEqual(Date.now() + 5_400_000 + 1_000);
    const usageCall = home.upstream.requests.find((request) => request.path.endsWith('/wham/usage'));
    expect(usageCall?.headers['chatgpt-account-id']).toBe('acct-ada');
    expect(JSON.parse(await readFile(quota.quotaFile, 'utf8'))).toMatchObject({ version: 1 });

    const human = await home.sb(['auth', 'quota']);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('ChatGPT openai/ada (oauth, plan pro)');
    expect(human.stdout).toMatch(/5h: 63% used, resets in 1h 3\dm/);
    expect(human.stdout).toMatch(/week: 21\.5% used, resets in [23]d/);
  });

  it("records the rate-limit headers of the Codex backend's answers, so another process shows them offline", async () => {
    const home = await signedIn();
    const ask = await home.sb(['ask', '--model', 'gpt-6-luna', 'hello']);
    expect(ask.code, ask.stderr).toBe(0);
    const offline = await home.sb(['auth', 'quota', '--offline', '--json']);
    expect(offline.code).toBe(0);
    const quota = JSON.parse(offline.stdout) as QuotaJson;
    expect(quota.subscriptions[0]).toMatchObject({
      source: 'codex-response-headers',
      windows: [
        expect.objectContaining({ id: 'codex.primary', usedPercent: 63 }),
        expect.objectContaining({ id: 'codex.secondary', usedPercent: 21.5 }),
      ],
    });
    expect(home.upstream.requests.some((request) => request.path.endsWith('/wham/usage'))).toBe(false);
  });

  it('lists API budgets beside the subscriptions', async () => {
    const home = await signedIn('[providers.azure]\nbudget_usd_monthly = 25\n');
    const result = await home.sb(['auth', 'quota', '--offline', '--json']);
    expect(result.code).toBe(0);
    expect((JSON.parse(result.stdout) as QuotaJson).budgets).toEqual([
      expect.objectContaining({ provider: 'azure', budgetUsd: 25 }),
    ]);
  });

  it('exits 3 and names the command when the ChatGPT session turns out to be revoked', async () => {
    // Tokens inside the refresh window from the start: asking for usage refreshes first.
    const home = await signedIn('', 60);
    server?.invalidateAllGrants();
    const result = await home.sb(['auth', 'quota']);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('refresh_token_invalidated');
    expect(result.stderr).toContain('sb auth login chatgpt');
    expect(home.upstream.requests.some((request) => request.path.endsWith('/wham/usage'))).toBe(false);
  });
});

describe('sb auth providers', () => {
  it('lists every provider with its methods, what each bills and whether it is set up', async () => {
    const home = await signedIn();
    const result = await home.sb(['auth', 'providers', '--json'], {
      environment: { MISTRAL_API_KEY: 'mistral-env-key-0001' },
    });
    expect(result.code).toBe(0);
    const { providers } = JSON.parse(result.stdout) as {
      providers: Array<{
        provider: string;
        methods: Array<{ method: string; billing: string; setUp: boolean; via: string | null }>;
      }>;
    };
    expect(providers.map((provider) => provider.provider)).toEqual([...PROVIDER_IDS]);
    const openai = providers.find((provider) => provider.provider === 'openai');
    expect(openai?.methods).toEqual(
      expect.arrayContaining([
        { method: 'oauth', billing: 'subscription', setUp: true, via: 'session' },
        { method: 'api-key', billing: 'api', setUp: false, via: null },
      ]),
    );
    const mistral = providers.find((provider) => provider.provider === 'mistral');
    expect(mistral?.methods).toEqual([{ method: 'api-key', billing: 'api', setUp: true, via: 'environment' }]);
    const anthropic = providers.find((provider) => provider.provider === 'anthropic');
    expect(anthropic?.methods).toEqual(
      expect.arrayContaining([expect.objectContaining({ method: 'claude-code', billing: 'subscription' })]),
    );

    const human = await home.sb(['auth', 'providers']);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/ChatGPT \(openai\)\n\s+oauth\s+subscription\s+✅ set up/);
  });
});
