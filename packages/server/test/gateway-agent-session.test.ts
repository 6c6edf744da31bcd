import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODELS, startHarness, waitFor, type GatewayHarness } from './gateway-harness.js';

let harness: GatewayHarness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness.close();
});

async function usageAgents(): Promise<unknown[]> {
  const text = await readFile(join(harness.home, 'usage.jsonl'), 'utf8').catch(() => '');
  return text
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { agent?: unknown }).agent);
}

function ask(key: string, headers: Record<string, string> = {}) {
  return fetch(`${harness.openaiBaseUrl}/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ model: MODELS.openai, messages: [{ role: 'user', content: 'hi' }] }),
  });
}

describe('agent sessions at the gateway', () => {
  it('reads the session from the key suffix or the x-switchboard-session header, and the usage line names it', async () => {
    const token = harness.gateway.token;
    expect((await ask(`${token}.claude.1a2b3c4d`)).status).toBe(200);
    expect((await ask(token, { 'x-switchboard-session': 'review-bot' })).status).toBe(200);
    expect((await ask(token)).status).toBe(200);
    await waitFor(async () => (await usageAgents()).length === 3);
    expect(await usageAgents()).toEqual([
      { name: 'claude', id: '1a2b3c4d' },
      { name: 'review-bot', id: 'review-bot' },
      undefined,
    ]);
    await waitFor(async () => (await harness.readLog()).includes('"agent":"review-bot"'));
    expect(await harness.readLog()).toContain('"agent":"claude.1a2b3c4d"');
  });

  it('refuses a key whose suffix is not a session (401) and a malformed session header (400)', async () => {
    const token = harness.gateway.token;
    expect((await ask(`${token}.not a session`)).status).toBe(401);
    expect((await ask(`${token}x.claude.1a2b3c4d`)).status).toBe(401);
    const header = await ask(token, { 'x-switchboard-session': 'bad name!' });
    expect(header.status).toBe(400);
    expect(JSON.stringify(await header.json())).toContain('x-switchboard-session must be a name');
  });
});

describe('agent session budgets at the gateway', () => {
  it('refuses a session once it has used its agents.max_tokens, naming it; other sessions go on', async () => {
    const limited = await startHarness({ config: '[agents]\nmax_tokens = 30' });
    try {
      const token = limited.gateway.token;
      const askAs = (key: string) =>
        fetch(`${limited.openaiBaseUrl}/chat/completions`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify({ model: MODELS.openai, messages: [{ role: 'user', content: 'hi' }] }),
        });
      const lines = async () =>
        (await readFile(join(limited.home, 'usage.jsonl'), 'utf8').catch(() => '')).trim().split('\n').filter(Boolean)
          .length;
      // One answer of the fake upstream is 28 tokens: under the limit, then at it.
      expect((await askAs(`${token}.claude.aaaa1111`)).status).toBe(200);
      await waitFor(async () => (await lines()) === 1);
      expect((await askAs(`${token}.claude.aaaa1111`)).status).toBe(200);
      await waitFor(async () => (await lines()) === 2);
      const refused = await askAs(`${token}.claude.aaaa1111`);
      const body = JSON.stringify(await refused.json());
      expect(refused.status).toBe(429);
      expect(body).toContain(
        'Agent session claude.aaaa1111 has used 56 tokens; its limit is 30 (sb run --max-tokens, else agents.max_tokens',
      );
      // The limit is per session: another run, and requests of no session, are served.
      expect((await askAs(`${token}.claude.bbbb2222`)).status).toBe(200);
      expect((await askAs(token)).status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});
