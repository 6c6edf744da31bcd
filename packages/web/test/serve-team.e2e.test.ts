// The web app as an operator runs it: the real `sb serve --team` process on PostgreSQL (the
// machine's server at TEST_DATABASE_URL, else one this file starts), the first admin's link from
// `sb team create-admin`, Chromium enrolling a passkey, a chat answered through the workspace key,
// then the server stopped and started again: the member signs in with the same passkey and finds
// the conversation, the chosen model and the key where they were.
import { spawn, spawnSync, type ChildProcessByStdio } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { startFakeUpstream, type FakeUpstream } from '@switchboard/testkit';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../team/test/test-databases.js';
import { launchChromium, openBrowser } from './helpers/browser.js';

const sb = fileURLToPath(new URL('../../cli/bin/sb.js', import.meta.url));
const OPENAI_KEY = 'sk-proj-WEB-SERVE-TEAM-openai-0001';

let home: string;
let database: TestDatabase;
let upstream: FakeUpstream;
let browser: Browser;
let environment: Record<string, string>;
let port: number;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address() as { port: number };
      server.close(() => resolve(address.port));
    });
    server.once('error', reject);
  });
}

/** `sb serve --team` on `port`, until stopped; resolves once it says it listens. */
async function serveTeam(): Promise<{ stop: () => Promise<void> }> {
  const child: ChildProcessByStdio<null, Readable, Readable> = spawn(
    process.execPath,
    [sb, 'serve', '--team', '--port', String(port), '--json'],
    { env: environment, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const first = await lines.next();
  if (first.done) throw new Error(`sb serve --team ended before listening: ${stderr}`);
  expect(JSON.parse(String(first.value))).toMatchObject({ event: 'listening', storage: 'postgres' });
  return {
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGINT');
      await exited;
    },
  };
}

beforeAll(async () => {
  browser = await launchChromium();
  upstream = await startFakeUpstream({ expectedCredentials: { openai: OPENAI_KEY } });
  home = await mkdtemp(join(tmpdir(), 'sb-web-serve-team-'));
  await writeFile(join(home, 'config.toml'), `[providers.openai]\napi_base = "${upstream.baseUrls.openai}"\n`);
  database = await createTestDatabase('postgres');
  // The schema must exist before DATABASE_URL's search_path can name it.
  await (await database.open()).close();
  if (database.target.kind !== 'postgres') throw new Error('Expected a PostgreSQL test database.');
  const url = new URL(database.target.url);
  url.searchParams.set('options', `-c search_path=${database.target.schema ?? 'public'}`);
  port = await freePort();
  environment = {
    SWITCHBOARD_HOME: home,
    HOME: home,
    PATH: process.env['PATH'] ?? '',
    DATABASE_URL: url.toString(),
    SWITCHBOARD_TEAM_MASTER_KEYS: `1:${randomBytes(32).toString('base64')}`,
  };
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await upstream?.close();
  await database?.drop();
  if (home) await rm(home, { recursive: true, force: true });
});

describe('team web app on `sb serve --team` with PostgreSQL', () => {
  it('enrols the first admin from `sb team create-admin`, chats, and finds everything again after a restart', async () => {
    const publicUrl = `http://localhost:${port}`;
    let server = await serveTeam();
    const { context, page, consoleErrors } = await openBrowser(browser);
    page.setDefaultTimeout(15_000);
    try {
      const created = spawnSync(
        process.execPath,
        [sb, 'team', 'create-admin', '--email', 'ops@example.test', '--public-url', publicUrl, '--json'],
        { env: environment, encoding: 'utf8' },
      );
      expect(created.stderr).toBe('');
      const { url } = JSON.parse(created.stdout) as { url: string };
      expect(url.startsWith(`${publicUrl}/enroll#token=`)).toBe(true);

      await page.goto(url);
      await page.getByRole('button', { name: 'Create a passkey' }).click();
      await page.waitForURL(`${publicUrl}/`);
      expect(await page.getByTestId('member-role').textContent()).toBe('admin');

      // The workspace key, checked at the (fake) provider before it is kept.
      const saved = await page.request.put(`${publicUrl}/api/admin/credentials/openai`, {
        headers: { origin: publicUrl },
        data: { apiKey: OPENAI_KEY },
      });
      expect(saved.status()).toBe(200);
      expect(await saved.text()).not.toContain(OPENAI_KEY);

      await page.reload();
      await page.getByRole('button', { name: /^Model:/ }).click();
      await page.getByRole('combobox', { name: 'Filter models' }).fill('gpt-5-mini');
      await page.locator('[role="option"][data-model-id="gpt-5-mini"]').click();
      upstream.setDefaultBehavior('openai', { kind: 'text', chunks: ['Stored ', 'in PostgreSQL.'] });
      await page.getByRole('textbox', { name: 'Message' }).fill('Remember this');
      await page.getByRole('button', { name: 'Send' }).click();
      const answer = page.getByTestId('assistant-message').first();
      await expect.poll(() => answer.textContent(), { timeout: 15_000 }).toContain('Stored in PostgreSQL.');
      expect(await answer.getByTestId('answered-by').textContent()).toMatch(/^gpt-5-mini via ChatGPT/);
      const sidebar = page.getByRole('navigation', { name: 'Conversations' });
      await expect.poll(() => sidebar.textContent(), { timeout: 10_000 }).toContain('Remember this');

      // Stopped and started again: the session cookie may outlive it, so sign out and back in.
      await server.stop();
      server = await serveTeam();
      await page.goto(`${publicUrl}/`);
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL(`${publicUrl}/sign-in`);
      await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
      await page.waitForURL(`${publicUrl}/`);
      await page.evaluate(() => window.localStorage.clear());
      await page.reload();
      // The model from the member's server-side preferences, the conversation from the database.
      await expect
        .poll(() => page.getByTestId('current-model').textContent(), { timeout: 15_000 })
        .toMatch(/GPT-5 mini/i);
      await sidebar.getByRole('button', { name: /Remember this/ }).click();
      await expect
        .poll(() => page.getByTestId('assistant-message').first().textContent(), { timeout: 15_000 })
        .toContain('Stored in PostgreSQL.');
      upstream.setDefaultBehavior('openai', { kind: 'text', chunks: ['Still ', 'here.'] });
      await page.getByRole('textbox', { name: 'Message' }).fill('Are you there?');
      await page.getByRole('button', { name: 'Send' }).click();
      await expect
        .poll(() => page.getByTestId('assistant-message').nth(1).textContent(), { timeout: 15_000 })
        .toContain('Still here.');
      expect(upstream.lastRequest('openai')?.headers['authorization']).toBe(`Bearer ${OPENAI_KEY}`);
      expect(consoleErrors).toEqual([]);
    } finally {
      await context.close();
      await server.stop();
    }
  }, 120_000);
});
