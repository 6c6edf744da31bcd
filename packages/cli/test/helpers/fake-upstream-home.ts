import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startFakeUpstream, type FakeUpstream, type FakeUpstreamOptions } from '@switchboard/testkit';
import { runSb, type SbResult } from './sb-process.js';
import { createTestHome, type TestHome } from './switchboard-home.js';

/** A test home whose config.toml points every provider at one fake upstream. */
export interface UpstreamHome {
  upstream: FakeUpstream;
  home: TestHome;
  /** Every result of `sb` so far (for leak checks). */
  results: SbResult[];
  sb(args: readonly string[], options?: { input?: string; environment?: Record<string, string> }): Promise<SbResult>;
  /** `sb auth login <provider> [--method M] --with-api-key` with the secret on stdin. */
  login(provider: string, secret: string, method?: string): Promise<void>;
  readConfig(): Promise<string>;
  /** The usage log ('' when none). */
  readUsageLog(): Promise<string>;
  close(): Promise<void>;
}

export async function createUpstreamHome(
  extraConfig = '',
  upstreamOptions: FakeUpstreamOptions = {},
): Promise<UpstreamHome> {
  const upstream = await startFakeUpstream(upstreamOptions);
  const urls = upstream.baseUrls;
  const home = await createTestHome(
    [
      extraConfig,
      `[providers.openai]\napi_base = "${urls.openai}"\nsubscription_api_base = "${urls.codex}"`,
      `[providers.anthropic]\napi_base = "${urls.anthropic}"`,
      `[providers.google]\napi_base = "${urls.gemini}"`,
      `[providers.mistral]\napi_base = "${urls.mistral}"`,
      `[providers.bedrock]\napi_base = "${urls.bedrock}"`,
    ].join('\n\n'),
  );
  const results: SbResult[] = [];
  const sb: UpstreamHome['sb'] = async (args, options = {}) => {
    const result = await runSb(args, {
      environment: { ...home.environment, ...options.environment },
      ...(options.input === undefined ? {} : { input: options.input }),
    });
    results.push(result);
    return result;
  };
  return {
    upstream,
    home,
    results,
    sb,
    async login(provider, secret, method) {
      const methodArgs = method ? ['--method', method] : [];
      const result = await sb(['auth', 'login', provider, ...methodArgs, '--with-api-key'], { input: `${secret}\n` });
      if (result.code !== 0) throw new Error(`login ${provider} failed: ${result.stderr}`);
    },
    readConfig: () => readFile(join(home.home, 'config.toml'), 'utf8'),
    async readUsageLog() {
      try {
        return await readFile(join(home.home, 'usage.jsonl'), 'utf8');
      } catch {
        return '';
      }
    },
    async close() {
      await upstream.close();
      await home.remove();
    },
  };
}
