// The team the settings tests run against: a real team server (SQLite) serving the built app,
// whose OpenAI, Anthropic and Mistral API bases are one fake upstream that accepts only the keys
// named here (so a wrong key is refused as the provider refuses it), with workspace keys for
// OpenAI and Anthropic and a first admin signed in with a passkey in Chromium.
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
import { startFakeUpstream, type FakeUpstream } from '@switchboard/testkit';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, openBrowser, WEB_ROOT } from './browser.js';

/** The keys the fake providers accept (none of them real). */
export const KEYS = {
  workspaceOpenai: 'sk-proj-SETTINGS-workspace-openai-0001',
  personalOpenai: 'sk-proj-SETTINGS-personal-openai-7q3z',
  wrongOpenai: 'sk-proj-SETTINGS-wrong-openai-9999',
  workspaceAnthropic: 'sk-ant-SETTINGS-workspace-anthropic-0001',
  workspaceMistral: 'SETTINGS-workspace-mistral-key-m1k4',
} as const;

/** A running team for one test file; `close()` stops everything it started. */
export interface SettingsTeam {
  readonly server: RunningTeamServer;
  readonly upstream: FakeUpstream;
  readonly browser: Browser;
  /** The first admin's browser, signed in, with its console errors. */
  readonly admin: { context: BrowserContext; page: Page; consoleErrors: string[] };
  close(): Promise<void>;
}

/** Starts the team and signs its first admin in through the enrollment link. */
export async function startSettingsTeam(name: string): Promise<SettingsTeam> {
  const browser = await launchChromium();
  const upstream = await startFakeUpstream({
    expectedCredentials: {
      openai: [KEYS.workspaceOpenai, KEYS.personalOpenai],
      anthropic: KEYS.workspaceAnthropic,
      mistral: KEYS.workspaceMistral,
    },
  });
  const home = await mkdtemp(join(tmpdir(), `sb-web-${name}-`));
  await writeFile(
    join(home, 'config.toml'),
    [
      `[providers.openai]\napi_base = "${upstream.baseUrls.openai}"`,
      `[providers.anthropic]\napi_base = "${upstream.baseUrls.anthropic}"`,
      `[providers.mistral]\napi_base = "${upstream.baseUrls.mistral}"`,
    ].join('\n\n'),
  );
  const environment = {
    SWITCHBOARD_HOME: home,
    SWITCHBOARD_TEAM_MASTER_KEYS: `1:${randomBytes(32).toString('base64')}`,
  };
  const server = await startTeamServer({ environment, port: 0, webRoot: WEB_ROOT });
  const keyring = await openTeamKeyring(environment);
  if (!keyring) throw new Error('No team keyring: SWITCHBOARD_TEAM_MASTER_KEYS is not set.');
  const credentials = createCredentialStore({ db: server.database.db, keyring });
  const now = new Date().toISOString();
  await credentials.save({ scope: 'workspace' }, 'openai', { method: 'api-key', apiKey: KEYS.workspaceOpenai }, now);
  await credentials.save(
    { scope: 'workspace' },
    'anthropic',
    { method: 'api-key', apiKey: KEYS.workspaceAnthropic },
    now,
  );

  const { url } = await createAdminEnrollment(server.database, {
    email: 'admin@example.test',
    publicUrl: server.publicUrl,
  });
  const admin = await openBrowser(browser);
  admin.page.setDefaultTimeout(10_000);
  await admin.page.goto(url);
  await admin.page.getByRole('button', { name: 'Create a passkey' }).click();
  await admin.page.waitForURL(`${server.publicUrl}/`);
  return {
    server,
    upstream,
    browser,
    admin,
    async close() {
      await admin.context.close();
      await browser.close();
      await server.close();
      await upstream.close();
      await rm(home, { recursive: true, force: true });
    },
  };
}
