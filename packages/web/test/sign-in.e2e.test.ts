// The team web app's first slice in real Chromium: the first admin enrolls a passkey through
// their link, signs out, and signs in again with it — against a real team server (SQLite) that
// serves the built app (packages/web/dist, from `npm run build`).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createAdminEnrollment,
  SIGN_IN_FAILED_MESSAGE,
  startTeamServer,
  type RunningTeamServer,
} from '@switchboard/team';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openBrowser as openProfile, screenshots, WEB_ROOT } from './helpers/browser.js';

let home: string;
let server: RunningTeamServer;
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
  home = await mkdtemp(join(tmpdir(), 'sb-web-e2e-'));
  server = await startTeamServer({ environment: { SWITCHBOARD_HOME: home }, port: 0, webRoot: WEB_ROOT });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (home) await rm(home, { recursive: true, force: true });
});

const openBrowser = () => openProfile(browser);

async function expectSignedInAs(page: Page, email: string, role: string): Promise<void> {
  await page.waitForURL(`${server.publicUrl}/`);
  await expect.poll(() => page.getByTestId('member-email').textContent(), { timeout: 10_000 }).toBe(email);
  expect(await page.getByTestId('member-role').textContent()).toBe(role);
}

describe('team web app: sign-in', () => {
  it('enrolls the first admin with a passkey, signs out, and signs in again with it', async () => {
    const { url } = await createAdminEnrollment(server.database, {
      email: 'root@example.test',
      publicUrl: server.publicUrl,
    });
    expect(url).toMatch(new RegExp(`^${server.publicUrl}/enroll#token=`));
    const { context, page, consoleErrors } = await openBrowser();
    try {
      await page.goto(url);
      await expect.poll(() => page.getByRole('main').textContent(), { timeout: 10_000 }).toContain('root@example.test');
      await page.getByRole('button', { name: 'Create a passkey' }).click();
      await expectSignedInAs(page, 'root@example.test', 'admin');
      await screenshots(page, 'signed-in');

      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL(`${server.publicUrl}/sign-in`);
      const passkeyButton = page.getByRole('button', { name: 'Sign in with a passkey' });
      await passkeyButton.waitFor();
      expect(await page.getByRole('alert').count()).toBe(0);
      await screenshots(page, 'sign-in');
      // Signed out for real: the server no longer knows this browser.
      expect((await page.request.get(`${server.publicUrl}/api/me`)).status()).toBe(401);

      await passkeyButton.click();
      await expectSignedInAs(page, 'root@example.test', 'admin');
      expect(consoleErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('shows the server’s message when a passkey is not known here, and sends a stranger at / to /sign-in', async () => {
    const { context, page, consoleErrors } = await openBrowser();
    try {
      await page.goto(`${server.publicUrl}/`);
      await page.waitForURL(`${server.publicUrl}/sign-in`);
      // This browser's authenticator holds no passkey for this server: the browser refuses.
      await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
      await expect
        .poll(() => page.getByRole('alert').textContent(), { timeout: 15_000 })
        .toBe('The passkey request was cancelled or timed out. Try again.');
      // An unknown enrollment link: the server's one generic failure, shown as it said it.
      await page.goto(`${server.publicUrl}/enroll#token=sbe_not-a-real-token`);
      const alert = page.getByRole('alert');
      await expect.poll(() => alert.textContent(), { timeout: 10_000 }).toBe(SIGN_IN_FAILED_MESSAGE);
      // The 401s of /api/me and the lookup are the only console errors (Chromium logs failed loads).
      expect(consoleErrors.every((line) => line.includes('401'))).toBe(true);
    } finally {
      await context.close();
    }
  });
});

describe('team server: serving the web app', () => {
  it('answers files with their content types, index.html for app paths, and never a file outside dist', async () => {
    const index = await fetch(`${server.url}/sign-in`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(index.headers.get('cache-control')).toBe('no-cache');
    const html = await index.text();
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    const style = /href="(\/assets\/[^"]+\.css)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    expect(style).toBeDefined();
    const js = await fetch(`${server.url}${script}`);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const css = await fetch(`${server.url}${style}`);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');

    expect((await fetch(`${server.url}/assets/missing.js`)).status).toBe(404);
    for (const path of ['/..%2f..%2fpackage.json', '/assets/..%2f..%2fpackage.json', '/%2e%2e/%2e%2e/package.json'])
      expect((await fetch(`${server.url}${path}`)).status, path).toBe(404);
    // The API keeps its own answers.
    const api = await fetch(`${server.url}/api/no-such-route`);
    expect(api.status).toBe(404);
    expect(api.headers.get('content-type')).toMatch(/^application\/json/);
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
  });
});
