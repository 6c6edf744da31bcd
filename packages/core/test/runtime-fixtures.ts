import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeUpstream, type FakeUpstream, type FakeUpstreamOptions } from '@switchboard/testkit';
import {
  createCatalog,
  createProviderRegistry,
  createRuntime,
  createUsageLog,
  loadConfig,
  openSwitchboard,
  type CreateRuntimeOptions,
  type RuntimeWarning,
  type StreamEvent,
  type SwitchboardHome,
} from '../src/index.js';

/** Planted in every secret: it must never show up in events, errors or the usage log. */
export const CANARY = 'RUNTIME-CANARY-51d0e2';

export const KEYS = {
  anthropic: `sk-ant-${CANARY}-0001`,
  mistral: `mistral-${CANARY}-0002`,
  openai: `sk-openai-${CANARY}-0003`,
  awsAccessKeyId: 'AKIARUNTIMEFAKE0001',
  awsSecret: `aws-secret-${CANARY}-0004`,
} as const;

/** `[providers.*]` tables pointing every provider at the fake upstream. */
export function upstreamConfig(upstream: FakeUpstream): string {
  const urls = upstream.baseUrls;
  return [
    `[providers.openai]\napi_base = "${urls.openai}"\nsubscription_api_base = "${urls.codex}"`,
    `[providers.anthropic]\napi_base = "${urls.anthropic}"`,
    `[providers.google]\napi_base = "${urls.gemini}"`,
    `[providers.mistral]\napi_base = "${urls.mistral}"`,
    `[providers.bedrock]\napi_base = "${urls.bedrock}"`,
  ].join('\n\n');
}

/** A Switchboard home wired to a fake upstream, with a runtime over it. */
export interface RuntimeHarness {
  upstream: FakeUpstream;
  home: SwitchboardHome;
  warnings: RuntimeWarning[];
  /** Builds a runtime from the config as it is on disk now. */
  runtime(options?: Partial<CreateRuntimeOptions>): Promise<ReturnType<typeof createRuntime>>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** Extra config.toml text (routing, budgets, OAuth settings). */
  config?: string;
  upstream?: FakeUpstreamOptions;
  logins?: Array<'anthropic' | 'mistral' | 'openai' | 'bedrock'>;
  environment?: Record<string, string>;
}

export async function createHarness(options: HarnessOptions = {}): Promise<RuntimeHarness> {
  const upstream = await startFakeUpstream(options.upstream);
  const directory = await mkdtemp(join(tmpdir(), 'sb-runtime-'));
  await writeFile(join(directory, 'config.toml'), `${options.config ?? ''}\n\n${upstreamConfig(upstream)}\n`);
  const environment = { SWITCHBOARD_HOME: directory, HOME: directory, ...options.environment };
  const home = await openSwitchboard({ environment, storeKind: 'memory' });
  for (const provider of options.logins ?? []) {
    if (provider === 'bedrock') {
      await home.auth.login('bedrock', {
        method: 'aws',
        aws: { accessKeyId: KEYS.awsAccessKeyId, secretAccessKey: KEYS.awsSecret, region: 'us-east-1' },
      });
    } else {
      await home.auth.login(provider, { method: 'api-key', apiKey: KEYS[provider] });
    }
  }
  const warnings: RuntimeWarning[] = [];
  const runtimes: Array<ReturnType<typeof createRuntime>> = [];
  return {
    upstream,
    home,
    warnings,
    async runtime(overrides = {}) {
      const config = await loadConfig(home.paths.config);
      const runtime = createRuntime({
        catalog: createCatalog(),
        registry: createProviderRegistry(),
        config,
        auth: home.auth,
        environment,
        usageLog: createUsageLog({ path: home.paths.usageLog }),
        onWarning: (warning) => warnings.push(warning),
        ...overrides,
      });
      runtimes.push(runtime);
      return runtime;
    },
    async close() {
      // The usage lines a runtime still holds are written first: a write into the home while it
      // is being removed fails the removal (ENOTEMPTY).
      await Promise.all(runtimes.map((runtime) => runtime.flush()));
      await upstream.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

/** Every event of a stream (a failure before the first byte rejects). */
export async function collect(events: AsyncIterable<StreamEvent>): Promise<StreamEvent[]> {
  const collected: StreamEvent[] = [];
  for await (const event of events) collected.push(event);
  return collected;
}

export function textOf(events: readonly StreamEvent[]): string {
  return events.map((event) => (event.type === 'text-delta' ? event.text : '')).join('');
}

export const ask = (model: string, text: string) => ({ model, messages: [{ role: 'user' as const, content: text }] });
