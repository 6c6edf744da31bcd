import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runSb } from './helpers/sb-process.js';
import { createTestHome, type TestHome } from './helpers/switchboard-home.js';
import { jsonLines } from './helpers/json-lines.js';

const CANARY = 'EVENTLOGCANARY3b7e';
const homes: TestHome[] = [];
afterEach(async () => {
  await Promise.all(homes.splice(0).map((home) => home.remove()));
});

async function home() {
  const created = await createTestHome();
  homes.push(created);
  const sb = (args: string[], input?: string) =>
    runSb(args, { environment: created.environment, ...(input === undefined ? {} : { input }) });
  return { home: created, sb };
}

describe('sb auth log and sb auth stats', () => {
  it('records sign-ins (failed and succeeded), switches and sign-outs, and reads them back', async () => {
    const { home: test, sb } = await home();
    // A key with a space is refused before any request: a failed sign-in.
    expect((await sb(['auth', 'login', 'mistral', '--with-api-key'], `mistral-${CANARY} x`)).code).toBe(2);
    expect((await sb(['auth', 'login', 'mistral', '--with-api-key'], `mistral-${CANARY}-key`)).code).toBe(0);
    expect((await sb(['auth', 'login', 'claude', '--with-api-key'], `sk-ant-${CANARY}-key`)).code).toBe(0);
    expect((await sb(['auth', 'switch', 'claude'])).code).toBe(0);
    expect((await sb(['auth', 'switch', 'openai'])).code).not.toBe(0);
    expect((await sb(['auth', 'logout', 'claude'])).code).toBe(0);

    const log = await sb(['auth', 'log']);
    expect(log.code).toBe(0);
    const lines = log.stdout.trim().split('\n');
    expect(lines.map((line) => line.replace(/^\S+ \S+\s+cli\[\d+\]\s+/, ''))).toEqual([
      'sign-in to Mistral started (api-key)',
      'sign-in to Mistral failed (api-key): INVALID_INPUT',
      'sign-in to Mistral started (api-key)',
      'signed in to Mistral mistral/key-ekey (api-key)',
      'sign-in to Claude started (api-key)',
      'signed in to Claude anthropic/key-ekey (api-key)',
      expect.stringMatching(/^switched to Claude anthropic\/key-ekey from Mistral in \d+ ms$/),
      expect.stringMatching(/^switch to ChatGPT failed: LOGIN_REQUIRED in \d+ ms$/),
      'signed out of Claude anthropic/key-ekey',
    ]);

    const json = await sb(['auth', 'log', '--json', '--provider', 'mistral']);
    const entries = jsonLines(json.stdout);
    expect(entries.map((entry) => entry['kind'])).toEqual([
      'login.started',
      'login.failed',
      'login.started',
      'login.succeeded',
    ]);
    expect(entries[1]).toMatchObject({ provider: 'mistral', method: 'api-key', code: 'INVALID_INPUT', process: 'cli' });

    const stats = JSON.parse((await sb(['auth', 'stats', '--json'])).stdout) as {
      providers: { provider: string; switches: { attempts: number; successRate: number | null }; logins: unknown }[];
    };
    expect(stats.providers.find((item) => item.provider === 'mistral')).toMatchObject({
      switches: { attempts: 0, successRate: null },
      logins: { attempts: 2, succeeded: 1 },
    });
    expect(stats.providers.find((item) => item.provider === 'anthropic')).toMatchObject({
      switches: { attempts: 1, successRate: 1 },
    });
    expect(stats.providers.find((item) => item.provider === 'openai')).toMatchObject({
      switches: { attempts: 1, successRate: 0 },
    });
    const table = await sb(['auth', 'stats']);
    expect(table.stdout).toMatch(/^Claude\s+1\s+100\.0%/m);

    const file = await readFile(join(test.home, 'logs', 'events.jsonl'), 'utf8');
    expect(file).not.toContain(CANARY);
    expect(log.stdout + json.stdout).not.toContain(CANARY);
  });

  it('filters by time, skips a corrupt line without touching it, and refuses a bad --since', async () => {
    const { home: test, sb } = await home();
    expect(await sb(['auth', 'login', 'mistral', '--with-api-key'], 'mistral-key-0123456789')).toMatchObject({
      code: 0,
    });
    const path = join(test.home, 'logs', 'events.jsonl');
    const old = JSON.stringify({
      time: '2020-01-01T00:00:00.000Z',
      pid: 1,
      process: 'cli',
      kind: 'logout',
      provider: 'mistral',
    });
    const original = `${old}\n{"half a line\n${await readFile(path, 'utf8')}`;
    await writeFile(path, original);

    const recent = await sb(['auth', 'log', '--json', '--since', '1h']);
    expect(jsonLines<{ kind: string }>(recent.stdout).map((entry) => entry.kind)).toEqual([
      'login.started',
      'login.succeeded',
    ]);
    expect(recent.stderr).toMatch(/skipped 1 unreadable line/);
    const all = await sb(['auth', 'log', '--json']);
    expect(jsonLines(all.stdout)).toHaveLength(3);
    expect(await readFile(path, 'utf8')).toBe(original);

    const bad = await sb(['auth', 'log', '--since', 'yesterday-ish']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--since "yesterday-ish" is neither a duration nor a date/);
  });
});
