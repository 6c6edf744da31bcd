// The team the settings tests run against: a real team server (SQLite) serving the built app,
// whose OpenAI, Anthropic and Mistral API bases are one fake upstream that accepts only the keys
// named here (so a wrong key is refused as the provider refuses it), with workspace keys for
// OpenAI and Anthropic and a first admin signed in with a passkey in Chromium.
import type { RunningTeamServer } from '@switchboard/team';
import type { FakeUpstream } from '@switchboard/testkit';
import type { Browser } from 'playwright-core';
import { launchChromium } from './browser.js';
import { signInFirstAdmin, startWebTeam, type SignedInBrowser } from './web-team.js';

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
  readonly admin: SignedInBrowser;
  close(): Promise<void>;
}

/** Starts the team and signs its first admin in through the enrollment link. */
export async function startSettingsTeam(name: string): Promise<SettingsTeam> {
  const browser = await launchChromium();
  const team = await startWebTeam({
    name,
    accepted: {
      openai: [KEYS.workspaceOpenai, KEYS.personalOpenai],
      anthropic: KEYS.workspaceAnthropic,
      mistral: KEYS.workspaceMistral,
    },
    workspaceKeys: { openai: KEYS.workspaceOpenai, anthropic: KEYS.workspaceAnthropic },
  });
  const admin = await signInFirstAdmin(browser, team.server);
  return {
    server: team.server,
    upstream: team.upstream,
    browser,
    admin,
    async close() {
      await admin.context.close();
      await browser.close();
      await team.close();
    },
  };
}
