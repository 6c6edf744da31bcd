import { createServer, type Server, type Socket } from 'node:net';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import {
  checkHealth,
  createConfigOwner,
  createCatalog,
  createEnvironmentCredentialSource,
  createProviderRegistry,
  createSessionCredentialSource,
  loadConfig,
  switchModel,
  updateConfigFile,
} from '../src/index.js';
import {
  ask,
  CANARY,
  collect,
  createHarness,
  KEYS,
  textOf,
  type HarnessOptions,
  type RuntimeHarness,
} from './runtime-fixtures.js';

const harnesses: RuntimeHarness[] = [];
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(harnesses.splice(0).map((harness) => harness.close()));
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

async function harness(options: HarnessOptions) {
  const created = await createHarness(options);
  harnesses.push(created);
  return created;
}

/** A TCP server that accepts connections and never says a word. */
async function startSilentServer(): Promise<string> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return `http://127.0.0.1:${address.port}/v1`;
}

describe('usage log', () => {
  it('records provider, model, route, tokens and cost per request — never the prompt, the answer or a key', async () => {
    const h = await harness({ logins: ['mistral', 'anthropic'] });
    h.upstream.setDefaultBehavior('any', {
      kind: 'text',
      text: `answer ${CANARY}`,
      usage: { inputTokens: 1_000, outputTokens: 2_000 },
    });
    const runtime = await h.runtime();
    await collect(runtime.stream(ask('mistral-large-3', `prompt ${CANARY}`)));
    h.upstream.enqueue('anthropic', { kind: 'cut', afterChunks: 1 });
    await collect(runtime.stream(ask('claude-opus-4-1', `prompt ${CANARY}`)));
    await runtime.generate(ask('claude-opus-4-1', `prompt ${CANARY}`));
    await runtime.flush();

    const text = await readFile(h.home.paths.usageLog, 'utf8');
    expect((await stat(h.home.paths.usageLog)).mode & 0o777).toBe(0o600);
    expect(text).not.toContain(CANARY);
    expect(text).not.toContain('prompt');
    const lines = text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const price = createCatalog().require('mistral-large-3').price;
    expect(lines[0]).toMatchObject({
      provider: 'mistral',
      model: 'mistral-large-3',
      route: { method: 'api-key', transport: 'mistral-chat' },
      inputTokens: 1_000,
      outputTokens: 2_000,
      costUsd: (1_000 * price.inputPerMillion + 2_000 * price.outputPerMillion) / 1_000_000,
      outcome: 'ok',
    });
    expect(lines[1]).toMatchObject({ provider: 'anthropic', model: 'claude-opus-4-1', outcome: 'error', costUsd: 0 });
    expect(lines[2]).toMatchObject({
      provider: 'anthropic',
      outcome: 'ok',
      inputTokens: 1_000,
      outputTokens: 2_000,
      costUsd: 0.165,
    });
  });

  it('warns from 80 % of a monthly budget and refuses at 100 % without calling the provider', async () => {
    const h = await harness({ logins: ['mistral', 'anthropic'] });
    await updateConfigFile(h.home.paths, (document) => {
      document.providers = {
        ...document.providers,
        mistral: { ...document.providers?.mistral, budget_usd_monthly: 1 },
      };
    });
    const runtime = await h.runtime();
    const entry = (costUsd: number) =>
      JSON.stringify({
        time: new Date().toISOString(),
        provider: 'mistral',
        model: 'mistral-large-3',
        route: { method: 'api-key', transport: 'mistral-chat', upstreamId: 'x' },
        inputTokens: 0,
        outputTokens: 0,
        costUsd,
        outcome: 'ok',
      });
    await writeFile(h.home.paths.usageLog, `${entry(0.85)}\n`, { mode: 0o600 });
    await collect(runtime.stream(ask('mistral-large-3', 'hi')));
    await runtime.flush();
    expect(h.warnings).toEqual([
      expect.objectContaining({
        type: 'budget',
        message: expect.stringContaining('Mistral has used 85% of its $1.00 monthly budget'),
      }),
    ]);

    await writeFile(h.home.paths.usageLog, `${entry(1)}\n`, { mode: 0o600 });
    h.upstream.reset();
    const error = await collect(runtime.stream(ask('mistral-large-3', 'hi'))).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'BUDGET_EXCEEDED', provider: 'mistral' });
    expect(h.upstream.requests).toEqual([]);
    // Other providers have their own budgets (none here): unaffected.
    expect((await collect(runtime.stream(ask('claude-opus-4-1', 'hi')))).at(-1)?.type).toBe('finish');
  });
});

describe('stream end states', () => {
  it('a stream that stalls after its first byte ends with a TIMEOUT error event, not a clean end', async () => {
    const h = await harness({ logins: ['mistral'], upstream: { chunkDelayMs: 2_000 } });
    h.upstream.enqueue('mistral', { kind: 'text', chunks: ['one ', 'two ', 'three'] });
    const events = await collect((await h.runtime({ idleTimeoutMs: 300 })).stream(ask('mistral-large-3', 'hi')));
    expect(events[0]?.type).toBe('start');
    expect(textOf(events)).toBe('one ');
    expect(events.at(-1)).toMatchObject({ type: 'error', error: { code: 'TIMEOUT' } });
  });

  it('leaving the loop early cancels the upstream request and is recorded', async () => {
    const h = await harness({ logins: ['mistral'], upstream: { chunkDelayMs: 50 } });
    h.upstream.enqueue('mistral', { kind: 'text', chunks: Array.from({ length: 40 }, (_, index) => `w${index} `) });
    const runtime = await h.runtime();
    for await (const event of runtime.stream(ask('mistral-large-3', 'hi'))) {
      if (event.type === 'text-delta') break;
    }
    await runtime.flush();
    const lines = (await readFile(h.home.paths.usageLog, 'utf8')).trim().split('\n');
    expect(JSON.parse(lines.at(-1) ?? '{}')).toMatchObject({ outcome: 'error', errorCode: 'CANCELLED' });
  });
});

describe('switchModel', () => {
  it('persists the model and the serving session together; without a usable session nothing changes', async () => {
    const h = await harness({ logins: ['mistral', 'anthropic'] });
    const switchTo = async (id: string) => {
      const config = createConfigOwner({ paths: h.home.paths, config: await loadConfig(h.home.paths.config) });
      const runtime = await h.runtime();
      return switchModel(id, {
        catalog: createCatalog(),
        config,
        resolveRoutes: (model) => runtime.resolveRoutes(model),
      });
    };
    const result = await switchTo('opus-4.1');
    expect(result).toMatchObject({
      model: { id: 'claude-opus-4-1' },
      providerName: 'Claude',
      route: { target: { provider: 'anthropic', method: 'api-key' } },
    });
    let config = await loadConfig(h.home.paths.config);
    expect([config.model, config.activeAuthProvider, config.activeAuthMethod]).toEqual([
      'claude-opus-4-1',
      'anthropic',
      'api-key',
    ]);

    await expect(switchTo('gemini-2.5-pro')).rejects.toMatchObject({
      code: 'LOGIN_REQUIRED',
      message: 'Gemini 2.5 Pro requires Gemini login. Run sb auth login gemini',
    });
    await expect(switchTo('claude-opus-9')).rejects.toMatchObject({ code: 'UNKNOWN_MODEL' });
    config = await loadConfig(h.home.paths.config);
    expect([config.model, config.activeAuthProvider]).toEqual(['claude-opus-4-1', 'anthropic']);

    await switchTo('mistral-large-3');
    config = await loadConfig(h.home.paths.config);
    expect([config.model, config.activeAuthProvider, config.activeAuthMethod]).toEqual([
      'mistral-large-3',
      'mistral',
      'api-key',
    ]);
    expect(await h.home.auth.activeProvider()).toMatchObject({ provider: 'mistral', method: 'api-key' });
  });
});

describe('checkHealth', () => {
  it('checks every provider independently: a hanging one is down, a bad key degraded, the rest ready', async () => {
    const h = await harness({
      logins: ['mistral', 'anthropic', 'openai'],
      upstream: { expectedCredentials: { anthropic: 'some-other-key' } },
    });
    const silent = await startSilentServer();
    await updateConfigFile(h.home.paths, (document) => {
      document.providers = { ...document.providers, openai: { ...document.providers?.openai, api_base: silent } };
    });
    const config = await loadConfig(h.home.paths.config);
    const registry = createProviderRegistry();
    const health = await checkHealth({
      registry,
      config,
      sources: [
        createEnvironmentCredentialSource({ environment: {}, providers: config.providers }),
        createSessionCredentialSource({ auth: h.home.auth }),
      ],
      providers: ['openai', 'anthropic', 'mistral', 'google'],
      credentialTimeoutMs: 400,
      reachabilityTimeoutMs: 400,
    });
    const byProvider = Object.fromEntries(health.map((entry) => [entry.provider, entry]));
    expect(byProvider['mistral']).toMatchObject({
      status: 'ready',
      method: 'api-key',
      credential: { valid: true },
      reachable: { ok: true },
    });
    expect(byProvider['anthropic']).toMatchObject({
      status: 'degraded',
      credential: { valid: false, problem: { code: 'AUTH_FAILED' } },
      reachable: { ok: true },
    });
    expect(byProvider['openai']).toMatchObject({
      status: 'down',
      reachable: { ok: false, problem: { code: 'TIMEOUT' } },
    });
    expect(byProvider['google']).toMatchObject({ status: 'unconfigured', credential: null, reachable: null });
    expect(registry.entry('mistral').status).toBe('ready');
    expect(registry.entry('openai').status).toBe('down');
    expect(registry.entry('anthropic').status).toBe('degraded');
    expect(JSON.stringify(health)).not.toContain(CANARY);
    expect(JSON.stringify(health)).not.toContain(KEYS.anthropic);
  });
});
