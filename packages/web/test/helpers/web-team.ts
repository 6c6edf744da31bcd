// The team the web app's browser tests run against: a real team server (SQLite) serving the built
// app, whose providers' API bases are one fake upstream that accepts only the keys given (so a
// wrong key is refused as the provider refuses it), with workspace keys stored as the team's own
// code stores them; when asked, a company identity provider (testkit's oidc-provider) that knows
// the team's callback — and its first admin, enrolled with a passkey in Chromium.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createAdminEnrollment,
  createCredentialStore,
  openTeamKeyring,
  startTeamServer,
  type RunningTeamServer,
} from '@switchboard/team';
import {
  freeLoopbackPort,
  startFakeUpstream,
  startOAuthServer,
  type CredentialExpectation,
  type FakeUpstream,
  type OAuthServer,
} from '@switchboard/testkit';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { openBrowser, WEB_ROOT } from './browser.js';

/** The providers the fake upstream stands in for here. */
export type WebTeamProvider = 'openai' | 'anthropic' | 'mistral';

/** What {@link startWebTeam} starts. */
export interface WebTeamOptions {
  /** Names the temporary home (`sb-web-<name>-…`). */
  readonly name: string;
  /** The keys each fake provider accepts; only these providers point at the fake upstream. */
  readonly accepted?: Partial<Record<WebTeamProvider, CredentialExpectation>>;
  /** Keys stored as the workspace's before the test starts. */
  readonly workspaceKeys?: Partial<Record<WebTeamProvider, string>>;
  /** Delay between streamed chunks of the fake upstream's answers. */
  readonly chunkDelayMs?: number;
  /** A company identity provider with this web client registered for the team's SSO callback. */
  readonly identityProviderClient?: { readonly clientId: string; readonly clientSecret: string };
}

/** A running team for one test file; `close()` stops what it started and removes its home. */
export interface WebTeam {
  readonly server: RunningTeamServer;
  readonly upstream: FakeUpstream;
  /** The identity provider, when asked for. */
  readonly company: OAuthServer | undefined;
  /** The team's master keys (`SWITCHBOARD_TEAM_MASTER_KEYS`), to open its keyring as it does. */
  readonly masterKeys: string;
  close(): Promise<void>;
}

/** A signed-in browser profile, with the console errors it met. */
export interface SignedInBrowser {
  readonly context: BrowserContext;
  readonly page: Page;
  readonly consoleErrors: string[];
}

/** Starts the fake upstream and a team server over it, with the workspace keys stored. */
export async function startWebTeam(options: WebTeamOptions): Promise<WebTeam> {
  const accepted = options.accepted ?? {};
  const upstream = await startFakeUpstream({
    expectedCredentials: accepted,
    ...(options.chunkDelayMs === undefined ? {} : { chunkDelayMs: options.chunkDelayMs }),
  });
  const home = await mkdtemp(join(tmpdir(), `sb-web-${options.name}-`));
  const providers = Object.keys(accepted) as WebTeamProvider[];
  await writeFile(
    join(home, 'config.toml'),
    providers.map((provider) => `[providers.${provider}]\napi_base = "${upstream.baseUrls[provider]}"\n`).join('\n'),
  );
  // The identity provider must know the callback before the team server starts: pick its port first.
  const port = options.identityProviderClient ? await freeLoopbackPort() : 0;
  const company = options.identityProviderClient
    ? await startOAuthServer({
        webClients: [
          {
            ...options.identityProviderClient,
            redirectUris: [`http://localhost:${port}/api/auth/sso/callback`],
          },
        ],
      })
    : undefined;
  const masterKeys = `1:${randomBytes(32).toString('base64')}`;
  const environment = { SWITCHBOARD_HOME: home, SWITCHBOARD_TEAM_MASTER_KEYS: masterKeys };
  const server = await startTeamServer({ environment, port, webRoot: WEB_ROOT });
  // Web tests import only the team package: the keyring is opened as the server opened it.
  const keyring = await openTeamKeyring(environment);
  if (!keyring) throw new Error('No team keyring: SWITCHBOARD_TEAM_MASTER_KEYS is not set.');
  const credentials = createCredentialStore({ db: server.database.db, keyring });
  const now = new Date().toISOString();
  for (const [provider, apiKey] of Object.entries(options.workspaceKeys ?? {}))
    await credentials.save({ scope: 'workspace' }, provider as WebTeamProvider, { method: 'api-key', apiKey }, now);
  return {
    server,
    upstream,
    company,
    masterKeys,
    async close() {
      await server.close();
      await upstream.close();
      await company?.close();
      await rm(home, { recursive: true, force: true });
    },
  };
}

/** Goes through the identity provider's login and consent pages (oidc-provider's own forms) as `login`. */
export async function completeAtProvider(page: Page, company: OAuthServer, login: string): Promise<void> {
  const provider = new URL(company.loopbackOrigin).origin;
  await page.waitForURL((url) => url.origin === provider);
  await page.locator('input[name="login"]').fill(login);
  const password = page.locator('input[name="password"]');
  if ((await password.count()) > 0) await password.fill('any');
  await page.locator('form [type="submit"]').first().click();
  while (new URL(page.url()).origin === provider) {
    const submit = page.locator('form [type="submit"]').first();
    await submit.waitFor({ timeout: 10_000 });
    await submit.click();
    await page.waitForLoadState();
  }
}

/** Enrols the team's first admin from `createAdminEnrollment`'s link in a fresh profile; it ends in the chat. */
export async function signInFirstAdmin(
  browser: Browser,
  server: RunningTeamServer,
  email = 'admin@example.test',
): Promise<SignedInBrowser> {
  const { url } = await createAdminEnrollment(server.database, { email, publicUrl: server.publicUrl });
  const admin = await openBrowser(browser);
  admin.page.setDefaultTimeout(10_000);
  await admin.page.goto(url);
  await admin.page.getByRole('button', { name: 'Create a passkey' }).click();
  await admin.page.waitForURL(`${server.publicUrl}/`);
  return admin;
}
