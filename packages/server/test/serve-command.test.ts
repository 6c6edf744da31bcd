import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import OpenAI from 'openai';
import { openSwitchboard } from '@switchboard/core';
import { startFakeUpstream, type FakeUpstream } from '@switchboard/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEYS, MODELS } from './gateway-harness.js';

const sb = fileURLToPath(new URL('../../cli/bin/sb.js', import.meta.url));
let upstream: FakeUpstream;
let home: string;
let environment: Record<string, string>;

beforeAll(async () => {
  upstream = await startFakeUpstream({ expectedCredentials: { anthropic: KEYS.anthropic } });
  home = await mkdtemp(join(tmpdir(), 'sb-serve-'));
  await writeFile(join(home, 'config.toml'), `[providers.anthropic]\napi_base = "${upstream.baseUrls.anthropic}"\n`);
  environment = { SWITCHBOARD_HOME: home, HOME: home, SWITCHBOARD_AUTH_STORE: 'file', PATH: process.env['PATH'] ?? '' };
  const switchboard = await openSwitchboard({ environment, storeKind: 'file' });
  await switchboard.auth.login('anthropic', { method: 'api-key', apiKey: KEYS.anthropic });
});
afterAll(async () => {
  await upstream.close();
  await rm(home, { recursive: true, force: true });
});

describe('sb serve', () => {
  it('prints the same token every time with --print-token', () => {
    const first = spawnSync(process.execPath, [sb, 'serve', '--print-token'], { env: environment, encoding: 'utf8' });
    const second = spawnSync(process.execPath, [sb, 'serve', '--print-token'], { env: environment, encoding: 'utf8' });
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/^sbl_[A-Za-z0-9_-]{43}\n$/);
    expect(second.stdout).toBe(first.stdout);
  });

  it('serves until Ctrl-C, answering the official client, then drains and exits 0', async () => {
    const token = spawnSync(process.execPath, [sb, 'serve', '--print-token'], {
      env: environment,
      encoding: 'utf8',
    }).stdout.trim();
    const child = spawn(process.execPath, [sb, 'serve', '--local', '--port', '0', '--json'], {
      env: environment,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
    const listening = JSON.parse(String((await lines.next()).value)) as {
      event: string;
      url: string;
      openaiBaseUrl: string;
    };
    expect(listening.event).toBe('listening');
    expect(listening.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const client = new OpenAI({ baseURL: listening.openaiBaseUrl, apiKey: token, maxRetries: 0 });
    upstream.enqueue('anthropic', { kind: 'text', text: 'served by sb serve' });
    const completion = await client.chat.completions.create({
      model: MODELS.anthropic,
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(completion.choices[0]?.message.content).toBe('served by sb serve');

    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    expect(JSON.parse(String((await lines.next()).value))).toEqual({ event: 'stopped' });
    expect(await exited).toBe(0);
    await expect(fetch(`${listening.url}/healthz`)).rejects.toThrow();
  });

  it('drains and exits 0 on SIGTERM too (service managers stop it that way)', async () => {
    const child = spawn(process.execPath, [sb, 'serve', '--local', '--port', '0', '--json'], {
      env: environment,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
    expect(JSON.parse(String((await lines.next()).value))).toMatchObject({ event: 'listening' });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(JSON.parse(String((await lines.next()).value))).toEqual({ event: 'stopped' });
    expect(await exited).toBe(0);
  });

  it('refuses a port that is not a number with the usage exit code', () => {
    const result = spawnSync(process.execPath, [sb, 'serve', '--port', 'eighty'], {
      env: environment,
      encoding: 'utf8',
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--port');
  });
});
