// Sign-in by SSO in real Chromium: the sign-in page's button for an identity provider (testkit's
// oidc-provider, a registered web client) → its login and consent pages → back to the team, signed
// in. The provider may create members, so a first sign-in makes one.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseSecretKeyring } from '@switchboard/core';
import { createIdentityProviderStore, startTeamServer, type RunningTeamServer } from '@switchboard/team';
import { freeLoopbackPort, startOAuthServer, type OAuthServer } from '@switchboard/testkit';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openBrowser, WEB_ROOT } from './helpers/browser.js';

const MASTER_KEYS = `1:${randomBytes(32).toString('base64')}`;
const CLIENT_SECRET = `web-sso-${randomBytes(8).toString('hex')}`;

let home: string;
let server: RunningTeamServer;
let company: OAuthServer;
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
  home = await mkdtemp(join(tmpdir(), 'sb-web-sso-'));
  // The identity provider must know the callback before the team server starts: pick its port first.
  const port = await freeLoopbackPort();
  company = await startOAuthServer({
    webClients: [
      {
        clientId: 'switchboard-web',
        clientSecret: CLIENT_SECRET,
        redirectUris: [`http://localhost:${port}/api/auth/sso/callback`],
      },
    ],
  });
  server = await startTeamServer({
    environment: { SWITCHBOARD_HOME: home, SWITCHBOARD_TEAM_MASTER_KEYS: MASTER_KEYS },
    port,
    webRoot: WEB_ROOT,
  });
  await createIdentityProviderStore({
    db: server.database.db,
    keyring: parseSecretKeyring(MASTER_KEYS, 'test'),
  }).create({
    id: 'company',
    name: 'Company',
    preset: 'oidc',
    issuer: company.issuer,
    clientId: 'switchboard-web',
    clientSecret: CLIENT_SECRET,
    scopes: ['openid', 'email', 'profile'],
    allowSignUp: true,
    linkByVerifiedEmail: false,
    enabled: true,
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await company?.close();
  if (home) await rm(home, { recursive: true, force: true });
});

describe('team web app: SSO', () => {
  it('signs in through the identity provider’s own pages and comes back signed in', async () => {
    const { context, page, consoleErrors } = await openBrowser(browser);
    try {
      await page.goto(`${server.publicUrl}/sign-in`);
      await page.getByRole('button', { name: /Company/ }).click();
      // The identity provider's login page, then its consent page (oidc-provider's own forms).
      await page.waitForURL((url) => url.origin === new URL(company.loopbackOrigin).origin);
      await page.locator('input[name="login"]').fill('grace');
      const password = page.locator('input[name="password"]');
      if ((await password.count()) > 0) await password.fill('any');
      await page.locator('form [type="submit"]').first().click();
      while (new URL(page.url()).origin === new URL(company.loopbackOrigin).origin) {
        const submit = page.locator('form [type="submit"]').first();
        await submit.waitFor({ timeout: 10_000 });
        await submit.click();
        await page.waitForLoadState();
      }
      await page.waitForURL((url) => url.origin === server.publicUrl && url.pathname === '/');
      await expect
        .poll(() => page.getByTestId('member-email').textContent(), { timeout: 10_000 })
        .toBe('grace@example.test');
      expect(await page.getByTestId('member-role').textContent()).toBe('user');
      // Our pages only: the identity provider's own pages load resources this closed network lacks.
      expect(consoleErrors.filter((error) => error.startsWith(server.publicUrl))).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('says the sign-in failed when the provider refuses it, in the page', async () => {
    const { context, page } = await openBrowser(browser);
    try {
      await page.goto(`${server.publicUrl}/sign-in?sso=failed`);
      await expect.poll(() => page.getByRole('alert').count(), { timeout: 10_000 }).toBe(1);
    } finally {
      await context.close();
    }
  });
});
