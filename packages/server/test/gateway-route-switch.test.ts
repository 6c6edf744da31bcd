import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import Anthropic from '@anthropic-ai/sdk';
import { openSwitchboard } from '@switchboard/core';
import { startFakeUpstream, type FakeUpstream } from '@switchboard/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { startLocalGateway, type LocalGateway } from '../src/index.js';

const sb = fileURLToPath(new URL('../../cli/bin/sb.js', import.meta.url));
const run = promisify(execFile);

const CANARY = 'ROUTE-SWITCH-CANARY-51c2';
const ANTHROPIC_KEY = `sk-ant-${CANARY}`;
const AWS = { accessKeyId: 'AKIAROUTESWITCH0001', secretAccessKey: `aws-secret-${CANARY}`, region: 'us-east-1' };
// Reachable here through the Anthropic API (key) and Amazon Bedrock (AWS credentials).
const MODEL = 'claude-haiku-4-5';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function gatewayWithTwoRoutes(): Promise<{
  gateway: LocalGateway;
  upstream: FakeUpstream;
  environment: Record<string, string>;
}> {
  const upstream = await startFakeUpstream();
  cleanups.push(() => upstream.close());
  const home = await mkdtemp(join(tmpdir(), 'sb-route-switch-'));
  cleanups.push(() => rm(home, { recursive: true, force: true }));
  await writeFile(
    join(home, 'config.toml'),
    [
      'routing.prefer = ["anthropic", "bedrock"]',
      `[providers.anthropic]\napi_base = "${upstream.baseUrls.anthropic}"`,
      `[providers.bedrock]\napi_base = "${upstream.baseUrls.bedrock}"`,
    ].join('\n\n') + '\n',
  );
  const environment = { SWITCHBOARD_HOME: home, HOME: home, SWITCHBOARD_AUTH_STORE: 'file' };
  const switchboard = await openSwitchboard({ environment, storeKind: 'file' });
  await switchboard.auth.login('anthropic', { method: 'api-key', apiKey: ANTHROPIC_KEY });
  await switchboard.auth.login('bedrock', { method: 'aws', aws: AWS });
  await switchboard.auth.switchProvider('anthropic');
  const gateway = await startLocalGateway({
    environment,
    port: 0,
    storeKind: 'file',
    log: 'stdout',
    logLevel: 'silent',
  });
  cleanups.push(() => gateway.close({ drainMs: 1_000 }));
  return { gateway, upstream, environment };
}

describe('a provider switch reaches the gateway', () => {
  it("`sb auth switch` in another process sends the gateway's next request to the new route", async () => {
    const { gateway, upstream, environment } = await gatewayWithTwoRoutes();
    const client = new Anthropic({ baseURL: gateway.url, apiKey: gateway.token, maxRetries: 0 });
    const ask = () =>
      client.messages.create({ model: MODEL, max_tokens: 64, messages: [{ role: 'user', content: 'hi' }] });

    await ask();
    expect(upstream.requests.map((request) => request.provider)).toEqual(['anthropic']);

    await run(process.execPath, [sb, 'auth', 'switch', 'bedrock'], {
      env: { ...environment, PATH: process.env.PATH ?? '' },
    });
    await ask();
    expect(upstream.requests.map((request) => request.provider)).toEqual(['anthropic', 'bedrock']);

    await run(process.execPath, [sb, 'auth', 'switch', 'anthropic'], {
      env: { ...environment, PATH: process.env.PATH ?? '' },
    });
    await ask();
    expect(upstream.requests.map((request) => request.provider)).toEqual(['anthropic', 'bedrock', 'anthropic']);
  });
});
