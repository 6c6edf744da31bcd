import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSwitchboard } from '@switchboard/core';
import { startFakeUpstream, type FakeUpstream, type FakeUpstreamOptions } from '@switchboard/testkit';
import { startLocalGateway, type LocalGateway, type StartLocalGatewayOptions } from '../src/index.js';
import { startCountingProxy, type CountingProxy } from './counting-proxy.js';

/** Planted in every upstream key: it must never appear in a response or a log line. */
export const CANARY = 'GATEWAY-CANARY-7f3a91';

export const KEYS = {
  openai: `sk-openai-${CANARY}-0001`,
  anthropic: `sk-ant-${CANARY}-0002`,
  mistral: `mistral-${CANARY}-0003`,
} as const;

/** Catalog ids the tests use: one OpenAI (Responses wire), one Anthropic, one Mistral model. */
export const MODELS = { openai: 'gpt-5-mini', anthropic: 'claude-haiku-4-5', mistral: 'mistral-small-3.2' } as const;

/** A temp Switchboard home (file store, real API-key sessions) whose providers point at a fake upstream, and a gateway over it. */
export interface GatewayHarness {
  upstream: FakeUpstream;
  gateway: LocalGateway;
  home: string;
  /** `http://127.0.0.1:PORT/v1` for the openai SDK. */
  openaiBaseUrl: string;
  /** `http://127.0.0.1:PORT` for the anthropic SDK. */
  anthropicBaseUrl: string;
  /** The gateway log as written so far (after a flush). */
  readLog(): Promise<string>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  upstream?: FakeUpstreamOptions;
  /** Rewrites the upstream base URLs (e.g. through a counting proxy). */
  upstreamBase?: (upstream: FakeUpstream) => string | Promise<string>;
  gateway?: Partial<StartLocalGatewayOptions>;
  /** Extra config.toml text. */
  config?: string;
}

export async function startHarness(options: HarnessOptions = {}): Promise<GatewayHarness> {
  const upstream = await startFakeUpstream({
    expectedCredentials: { openai: KEYS.openai, anthropic: KEYS.anthropic, mistral: KEYS.mistral },
    ...options.upstream,
  });
  const base = (await options.upstreamBase?.(upstream)) ?? upstream.url;
  const home = await mkdtemp(join(tmpdir(), 'sb-gateway-'));
  const config = [
    options.config ?? '',
    `[providers.openai]\napi_base = "${base}/openai/v1"`,
    `[providers.anthropic]\napi_base = "${base}/anthropic/v1"`,
    `[providers.mistral]\napi_base = "${base}/mistral/v1"`,
  ].join('\n\n');
  await writeFile(join(home, 'config.toml'), `${config}\n`);
  // No PATH, no provider keys: only the sessions below can serve requests.
  const environment = { SWITCHBOARD_HOME: home, HOME: home, SWITCHBOARD_AUTH_STORE: 'file' };
  const switchboard = await openSwitchboard({ environment, storeKind: 'file' });
  await switchboard.auth.login('openai', { method: 'api-key', apiKey: KEYS.openai });
  await switchboard.auth.login('anthropic', { method: 'api-key', apiKey: KEYS.anthropic });
  await switchboard.auth.login('mistral', { method: 'api-key', apiKey: KEYS.mistral });
  const gateway = await startLocalGateway({ environment, port: 0, storeKind: 'file', ...options.gateway });
  const logFile = join(home, 'logs', 'gateway.log');
  return {
    upstream,
    gateway,
    home,
    openaiBaseUrl: `${gateway.url}/v1`,
    anthropicBaseUrl: gateway.url,
    async readLog() {
      try {
        return await readFile(logFile, 'utf8');
      } catch {
        return '';
      }
    },
    async close() {
      await gateway.close({ drainMs: 1_000 });
      await upstream.close();
      await rm(home, { recursive: true, force: true });
    },
  };
}

/** Reads a whole SSE body as text. */
export async function readText(response: Response): Promise<string> {
  return await response.text();
}

/** Waits until `condition` holds, polling (never asserting on time). */
export async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * A harness whose upstream is reached through a {@link CountingProxy}, so a test can see at the
 * upstream's side when the gateway opens or closes a connection.
 */
export async function startHarnessBehindCountingProxy(
  options: Omit<HarnessOptions, 'upstreamBase'> = {},
): Promise<{ harness: GatewayHarness; proxy: CountingProxy }> {
  let proxy: CountingProxy | undefined;
  const harness = await startHarness({
    ...options,
    upstreamBase: async (upstream) => {
      proxy = await startCountingProxy(upstream.port);
      return proxy.url;
    },
  });
  if (!proxy) throw new Error('the harness did not ask for an upstream base');
  return { harness, proxy };
}
