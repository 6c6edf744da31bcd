import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { openSwitchboard, type ProviderId, type SwitchboardHome } from '@switchboard/core';
import {
  completeBrowserLogin,
  startFakeUpstream,
  startOAuthServer,
  type FakeUpstream,
  type FakeUpstreamOptions,
  type OAuthServer,
  type OAuthServerOptions,
} from '@switchboard/testkit';
import { createTestHome, signInConfig, type TestHome } from './switchboard-home.js';

/** Planted in every key: it must never reach the screen. */
export const TUI_CANARY = 'TUI-CANARY-7f3a9c';
/** API keys the harness logs in with. */
export const TUI_KEYS: Readonly<Partial<Record<ProviderId, string>>> = {
  anthropic: `sk-ant-${TUI_CANARY}-0001`,
  google: `AIza-${TUI_CANARY}-0002`,
  mistral: `mistral-${TUI_CANARY}-0003`,
  openai: `sk-proj-${TUI_CANARY}-0004`,
};

/** ChatGPT's id_token claim with account and plan, as the real issuer sends it. */
const CHATGPT_CLAIMS = (login: string) => ({
  'https://api.openai.com/auth': { chatgpt_account_id: `acct-${login}`, chatgpt_plan_type: 'plus' },
});

/** Options of {@link createTuiHarness}. */
export interface TuiHarnessOptions {
  upstream?: FakeUpstreamOptions;
  /** Start testkit's OAuth server (needed for sign-in providers). */
  oauth?: OAuthServerOptions;
  /** Providers whose sign-in (OAuth) points at that server. */
  signIn?: ReadonlyArray<'openai' | 'anthropic' | 'google'>;
  /** Top-level config.toml keys (`model = "…"`, `using_chatgpt_auth = true`), written first. */
  config?: string;
}

/** A temp Switchboard home wired to testkit's fake upstream (and OAuth server), for the chat's tests. */
export interface TuiHarness {
  upstream: FakeUpstream;
  oauth: OAuthServer | undefined;
  home: TestHome;
  environment: Record<string, string>;
  /** Opens the home as another process would (another terminal): its own AuthManager. */
  open(): Promise<SwitchboardHome>;
  loginApiKey(provider: ProviderId): Promise<void>;
  /** Signs in through the OAuth server with the browser flow, played by testkit's headless user. */
  signIn(provider: 'openai' | 'anthropic' | 'google'): Promise<void>;
  readConfig(): Promise<string>;
  close(): Promise<void>;
}

/** Creates a {@link TuiHarness}. */
export async function createTuiHarness(options: TuiHarnessOptions = {}): Promise<TuiHarness> {
  const upstream = await startFakeUpstream(options.upstream);
  const oauth =
    options.oauth || options.signIn
      ? await startOAuthServer({ extraClaims: CHATGPT_CLAIMS, ...options.oauth })
      : undefined;
  const urls = upstream.baseUrls;
  const tables = [
    `[providers.openai]\napi_base = "${urls.openai}"\nsubscription_api_base = "${urls.codex}"`,
    `[providers.anthropic]\napi_base = "${urls.anthropic}"`,
    `[providers.google]\napi_base = "${urls.gemini}"`,
    `[providers.mistral]\napi_base = "${urls.mistral}"`,
    ...(oauth ? (options.signIn ?? []).map((provider) => signInConfig(provider, oauth)) : []),
  ];
  const home = await createTestHome();
  // Top-level keys must come before the first table (createTestHome starts with [auth]).
  await writeFile(
    join(home.home, 'config.toml'),
    `${options.config ?? ''}\n\n[auth]\nstore = "file"\n\n${tables.join('\n\n')}\n`,
  );
  const open = () => openSwitchboard({ environment: home.environment });
  return {
    upstream,
    oauth,
    home,
    environment: home.environment,
    open,
    async loginApiKey(provider) {
      const apiKey = TUI_KEYS[provider];
      if (!apiKey) throw new Error(`no test key for ${provider}`);
      await (await open()).auth.login(provider, { method: 'api-key', apiKey });
    },
    async signIn(provider) {
      if (!oauth) throw new Error('the harness has no OAuth server');
      const switchboard = await open();
      let browser: Promise<unknown> = Promise.resolve();
      await switchboard.auth.login(provider, {
        method: 'oauth',
        flow: 'browser',
        noBrowser: true,
        onEvent: (event) => {
          if (event.type === 'open_url') browser = completeBrowserLogin(event.url, { followCallback: true });
        },
      });
      await browser;
    },
    readConfig: () => readFile(join(home.home, 'config.toml'), 'utf8'),
    async close() {
      await upstream.close();
      await oauth?.close();
      await home.remove();
    },
  };
}
