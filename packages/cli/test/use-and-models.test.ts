import { afterEach, describe, expect, it } from 'vitest';
import { createUpstreamHome, type UpstreamHome } from './helpers/fake-upstream-home.js';

const CANARY = 'USECANARY3b9f0a71';
const anthropicKey = `sk-ant-${CANARY}-0001`;
const mistralKey = `mistral-${CANARY}-0002`;

const homes: UpstreamHome[] = [];
afterEach(async () => {
  await Promise.all(homes.splice(0).map((home) => home.close()));
});

async function newHome() {
  const home = await createUpstreamHome();
  homes.push(home);
  return home;
}

describe('sb use', () => {
  it('without a usable session: exit 3 with exactly the DESIGN §3 line, and nothing is written', async () => {
    const home = await newHome();
    const before = await home.readConfig();
    const result = await home.sb(['use', 'claude-opus-4-1']);
    expect(result.code).toBe(3);
    expect(result.stderr).toBe('Claude Opus 4.1 requires Claude login. Run sb auth login claude\n');
    expect(result.stdout).toBe('');
    expect(await home.readConfig()).toBe(before);
  });

  it('an unknown model is a usage error listing the closest ids', async () => {
    const home = await newHome();
    const result = await home.sb(['use', 'claude-opus-4.2']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Unknown model "claude-opus-4.2". Closest: claude-opus-4-1');
  });

  it('switches model and auth together, persists both, and a new process restores them', async () => {
    const home = await newHome();
    await home.login('mistral', mistralKey);
    await home.login('claude', anthropicKey);
    // Logging in to mistral first made it the active session.
    expect(JSON.parse((await home.sb(['auth', 'status', '--json'])).stdout)).toMatchObject({
      active: { provider: 'mistral' },
    });

    const switched = await home.sb(['use', 'claude-opus-4-1']);
    expect(switched.code).toBe(0);
    expect(switched.stdout).toBe('Switched to Claude Opus 4.1 (Claude · API key)\n');
    const config = await home.readConfig();
    expect(config).toMatch(/^model = "claude-opus-4-1"$/m);
    expect(config).toMatch(/^active_auth_provider = "anthropic"$/m);
    expect(config).toMatch(/^active_auth_method = "api-key"$/m);

    // New processes: the active session, the active model and where `sb ask` goes.
    expect(JSON.parse((await home.sb(['auth', 'status', '--json'])).stdout)).toMatchObject({
      active: { provider: 'anthropic', method: 'api-key' },
    });
    const models = JSON.parse((await home.sb(['models', '--json'])).stdout) as {
      models: Array<{ id: string; active: boolean; loggedIn: boolean }>;
    };
    expect(models.models.filter((model) => model.active).map((model) => model.id)).toEqual(['claude-opus-4-1']);
    expect((await home.sb(['ask', 'hi'])).code).toBe(0);
    expect(home.upstream.requests.map((request) => `${request.provider}:${request.model}`)).toEqual([
      'anthropic:claude-opus-4-1-20250805',
    ]);

    const back = await home.sb(['use', 'mistral-large-3', '--json']);
    expect(JSON.parse(back.stdout)).toEqual({ model: 'mistral-large-3', provider: 'mistral', method: 'api-key' });
    expect((await home.sb(['ask', 'again'])).code).toBe(0);
    expect(home.upstream.lastRequest()?.provider).toBe('mistral');
    expect(JSON.parse((await home.sb(['auth', 'status', '--json'])).stdout)).toMatchObject({
      active: { provider: 'mistral' },
    });
    const all =
      home.results.map((result) => result.stdout + result.stderr).join('\n') +
      (await home.home.readLogs()) +
      (await home.readUsageLog());
    expect(all).not.toContain(CANARY);
  });
});

describe('sb models', () => {
  it('lists every model with ✅ / ⚠️ login status, ● active, tier and price', async () => {
    const home = await newHome();
    await home.login('claude', anthropicKey);
    expect((await home.sb(['use', 'opus-4.1'])).code).toBe(0);
    const result = await home.sb(['models']);
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    const opus = lines.find((line) => line.includes('claude-opus-4-1'));
    expect(opus).toMatch(/^✅ ● Claude Opus 4\.1\s+claude-opus-4-1\s+ultra premium\s+\$15\/\$75\s+Claude · API key$/);
    const gemini = lines.find((line) => line.includes(' gemini-2.5-pro '));
    expect(gemini).toMatch(/^⚠️ {3}Gemini 2\.5 Pro\s+gemini-2\.5-pro\s+\S.*login required: sb auth login gemini$/);
    expect(lines.filter((line) => line.includes('●'))).toHaveLength(2); // the model line and the legend
  });

  it('--provider narrows the list (bedrock lists the Claude models it serves); --json is one object', async () => {
    const home = await newHome();
    const mistral = JSON.parse((await home.sb(['models', '--provider', 'mistral', '--json'])).stdout) as {
      models: Array<{
        id: string;
        provider: string;
        loggedIn: boolean;
        loginCommand: string | null;
        priceLabel: string;
      }>;
    };
    expect(mistral.models.length).toBeGreaterThan(0);
    expect(
      mistral.models.every(
        (model) => model.provider === 'mistral' && !model.loggedIn && model.loginCommand === 'sb auth login mistral',
      ),
    ).toBe(true);
    const bedrock = JSON.parse((await home.sb(['models', '--provider', 'bedrock', '--json'])).stdout) as {
      models: Array<{ id: string; provider: string }>;
    };
    expect(bedrock.models.map((model) => model.id)).toContain('claude-opus-4-1');
    expect(bedrock.models.every((model) => model.provider === 'anthropic')).toBe(true);
    const unknown = await home.sb(['models', '--provider', 'nope']);
    expect(unknown.code).toBe(2);
  });
});
