// SSO in real Chromium: the sign-in page's button for an identity provider (testkit's
// oidc-provider, a registered web client) → its login and consent pages → back to the team, signed
// in (the provider may create members, so a first sign-in makes one); linking an identity to a
// passkey member from the settings page, and unlinking it — never the last way to sign in.
import { randomBytes } from 'node:crypto';
import { parseSecretKeyring } from '@switchboard/core';
import { createAdminEnrollment, createIdentityProviderStore, type RunningTeamServer } from '@switchboard/team';
import type { OAuthServer } from '@switchboard/testkit';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openBrowser } from './helpers/browser.js';
import { completeAtProvider, startWebTeam, type WebTeam } from './helpers/web-team.js';

const CLIENT_SECRET = `web-sso-${randomBytes(8).toString('hex')}`;

let team: WebTeam;
let server: RunningTeamServer;
let company: OAuthServer;
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
  team = await startWebTeam({
    name: 'sso',
    identityProviderClient: { clientId: 'switchboard-web', clientSecret: CLIENT_SECRET },
  });
  server = team.server;
  if (!team.company) throw new Error('No identity provider was started.');
  company = team.company;
  await createIdentityProviderStore({
    db: server.database.db,
    keyring: parseSecretKeyring(team.masterKeys, 'test'),
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
  await team?.close();
});

describe('team web app: SSO', () => {
  it('signs in through the identity provider’s own pages and comes back signed in', async () => {
    const { context, page, consoleErrors } = await openBrowser(browser);
    try {
      await page.goto(`${server.publicUrl}/sign-in`);
      await page.getByRole('button', { name: /Company/ }).click();
      await completeAtProvider(page, company, 'grace');
      await page.waitForURL((url) => url.origin === server.publicUrl && url.pathname === '/');
      await expect
        .poll(() => page.getByTestId('member-email').textContent(), { timeout: 10_000 })
        .toBe('grace@example.test');
      expect(await page.getByTestId('member-role').textContent()).toBe('user');
      // Grace's only way in is that identity: the settings page cannot unlink it.
      await page.getByRole('link', { name: 'Settings' }).click();
      await page.getByRole('button', { name: /Unlink Company/ }).click();
      await expect
        .poll(() => page.getByRole('alert').textContent(), { timeout: 10_000 })
        .toContain('last way to sign in');
      expect(await page.getByRole('button', { name: /Unlink Company/ }).count()).toBe(1);
      // Our pages only (the identity provider's own pages load resources this closed network
      // lacks), apart from Chromium's note of the refused unlink (409) asserted above.
      expect(
        consoleErrors.filter((error) => error.startsWith(server.publicUrl) && !error.includes('status of 409')),
      ).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('links an identity to a passkey member from the settings page, and unlinks it', async () => {
    const { url } = await createAdminEnrollment(server.database, {
      email: 'ada@example.test',
      publicUrl: server.publicUrl,
    });
    const { context, page } = await openBrowser(browser);
    try {
      await page.goto(url);
      await page.getByRole('button', { name: 'Create a passkey' }).click();
      await page.waitForURL(`${server.publicUrl}/`);
      await page.getByRole('link', { name: 'Settings' }).click();
      await expect.poll(() => page.getByText('No identity is linked yet.').count(), { timeout: 10_000 }).toBe(1);
      await page.getByRole('button', { name: 'Link Company' }).click();
      await completeAtProvider(page, company, 'ada-at-company');
      await page.waitForURL((target) => target.pathname === '/settings' && target.search === '?sso=linked');
      // The settings page has a status line per section: the identities' one says it.
      const identities = page.getByRole('region', { name: 'Linked identities' });
      await expect.poll(() => identities.getByRole('status').textContent(), { timeout: 10_000 }).toContain('linked');
      await page.getByText('Company · ada-at-company@example.test').waitFor({ timeout: 10_000 });
      // The passkey stays, so the identity can go.
      await page.getByRole('button', { name: /Unlink Company/ }).click();
      await expect.poll(() => page.getByText('No identity is linked yet.').count(), { timeout: 10_000 }).toBe(1);
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
