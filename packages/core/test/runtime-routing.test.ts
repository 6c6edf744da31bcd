import { afterEach, describe, expect, it } from 'vitest';
import { defaultAnswerText, startOAuthServer, type OAuthServer } from '@switchboard/testkit';
import { createCatalog, isSwitchboardError, loadConfig, type RouteEvent, type SwitchboardError } from '../src/index.js';
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
const servers: OAuthServer[] = [];
afterEach(async () => {
  await Promise.all(harnesses.splice(0).map((harness) => harness.close()));
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function harness(options: HarnessOptions) {
  const created = await createHarness(options);
  harnesses.push(created);
  return created;
}

const providersCalled = (h: RuntimeHarness) => h.upstream.requests.map((request) => request.provider);

// Claude Opus 4.1 is reachable through anthropic (API key) and bedrock (AWS) here.
const CLAUDE = { logins: ['anthropic', 'bedrock'] as const, config: 'routing.prefer = ["anthropic", "bedrock"]' };

describe('runtime routing', () => {
  it('orders the usable routes: only logged-in ones, active session first, then routing.prefer', async () => {
    const h = await harness({ logins: ['bedrock', 'anthropic'], config: 'routing.prefer = "subscription"' });
    const runtime = await h.runtime();
    // bedrock logged in first, so it is the active session and leads.
    expect(
      (await runtime.resolveRoutes('claude-opus-4-1')).map(
        (route) => `${route.target.provider}/${route.target.method}/${route.level}`,
      ),
    ).toEqual(['bedrock/aws/session', 'anthropic/api-key/session']);
    expect(await runtime.resolveRoutes('mistral-large-3')).toEqual([]);
    await expect(runtime.resolveRoutes('claude-opus-4.2')).rejects.toMatchObject({ code: 'UNKNOWN_MODEL' });
  });

  it('a long-lived runtime follows the current config: a switch reorders the next request', async () => {
    const h = await harness({ logins: ['bedrock', 'anthropic'], config: 'routing.prefer = "subscription"' });
    let current = await loadConfig(h.home.paths.config);
    const runtime = await h.runtime({ currentConfig: () => current });
    const order = async () => (await runtime.resolveRoutes('claude-opus-4-1')).map((route) => route.target.provider);
    expect(await order()).toEqual(['bedrock', 'anthropic']);
    const first = await collect(runtime.stream(ask('claude-opus-4-1', 'before the switch')));
    expect(first[0]).toMatchObject({ type: 'start', route: { provider: 'bedrock' } });

    await h.home.auth.switchProvider('anthropic');
    current = await loadConfig(h.home.paths.config);
    expect(await order()).toEqual(['anthropic', 'bedrock']);
    const streamed = await collect(runtime.stream(ask('claude-opus-4-1', 'after the switch')));
    expect(streamed[0]).toMatchObject({ type: 'start', route: { provider: 'anthropic', method: 'api-key' } });
    expect(textOf(streamed)).toBe(defaultAnswerText('anthropic', 'claude-opus-4-1-20250805', 'after the switch'));
    const generated = await runtime.generate(ask('claude-opus-4-1', 'and generated'));
    expect(generated.route.provider).toBe('anthropic');
    expect(providersCalled(h)).toEqual(['bedrock', 'anthropic', 'anthropic']);
  });

  it('a 503 before the first byte falls back to the next route, which answers', async () => {
    const h = await harness({ ...CLAUDE, logins: [...CLAUDE.logins] });
    h.upstream.enqueue('anthropic', { kind: 'error', status: 503 });
    const runtime = await h.runtime();
    const events = await collect(runtime.stream(ask('claude-opus-4-1', 'hello there')));
    expect(providersCalled(h)).toEqual(['anthropic', 'bedrock']);
    expect(events[0]).toMatchObject({ type: 'start', route: { provider: 'bedrock', method: 'aws' } });
    expect(textOf(events)).toBe(
      defaultAnswerText('bedrock', 'us.anthropic.claude-opus-4-1-20250805-v1:0', 'hello there'),
    );
    expect(events.at(-1)?.type).toBe('finish');
  });

  it('reports the fallback, and a circuit that opens and closes again, as route events', async () => {
    const h = await harness({ ...CLAUDE, logins: [...CLAUDE.logins] });
    const reported: RouteEvent[] = [];
    const runtime = await h.runtime({
      onRouteEvent: (event) => reported.push(event),
      circuitBreaker: { failureThreshold: 1, cooldownMs: 0 },
    });
    h.upstream.enqueue('anthropic', { kind: 'error', status: 503 });
    await collect(runtime.stream(ask('claude-opus-4-1', 'first')));
    // The cool-down is over at once: the next request probes anthropic, which answers.
    await collect(runtime.stream(ask('claude-opus-4-1', 'second')));
    expect(reported).toEqual([
      { type: 'circuit', provider: 'anthropic', method: 'api-key', state: 'open' },
      {
        type: 'fallback',
        model: 'claude-opus-4-1',
        provider: 'anthropic',
        method: 'api-key',
        session: 'key-0001',
        code: 'PROVIDER_UNAVAILABLE',
      },
      { type: 'circuit', provider: 'anthropic', method: 'api-key', state: 'closed' },
    ]);
  });

  it('generate falls back the same way', async () => {
    const h = await harness({ ...CLAUDE, logins: [...CLAUDE.logins] });
    h.upstream.enqueue('anthropic', { kind: 'error', status: 529, errorType: 'overloaded_error' });
    const result = await (await h.runtime()).generate(ask('claude-opus-4-1', 'hi'));
    expect(result.route.provider).toBe('bedrock');
    expect(providersCalled(h)).toEqual(['anthropic', 'bedrock']);
  });

  it('after the first byte nothing falls back: a cut ends with an error event, partial text kept', async () => {
    const h = await harness({ ...CLAUDE, logins: [...CLAUDE.logins] });
    h.upstream.enqueue('anthropic', { kind: 'cut', afterChunks: 2, text: 'one two three four five' });
    const events = await collect((await h.runtime()).stream(ask('claude-opus-4-1', 'hi')));
    expect(providersCalled(h)).toEqual(['anthropic']);
    expect(events[0]?.type).toBe('start');
    expect(textOf(events)).toBe('one two ');
    const last = events.at(-1);
    expect(last?.type).toBe('error');
    expect(events.filter((event) => event.type === 'finish')).toEqual([]);
  });

  it('a request error (400) is not retried elsewhere', async () => {
    const h = await harness({ ...CLAUDE, logins: [...CLAUDE.logins] });
    h.upstream.enqueue('anthropic', {
      kind: 'error',
      status: 400,
      errorType: 'invalid_request_error',
      message: 'messages: bad',
    });
    const error = await collect((await h.runtime()).stream(ask('claude-opus-4-1', 'hi'))).catch(
      (caught: unknown) => caught,
    );
    expect(isSwitchboardError(error, 'INVALID_REQUEST')).toBe(true);
    expect(providersCalled(h)).toEqual(['anthropic']);
  });

  it('routing.fallback = false keeps to the first route', async () => {
    const h = await harness({
      logins: ['anthropic', 'bedrock'],
      config: 'routing.prefer = ["anthropic"]\nrouting.fallback = false',
    });
    h.upstream.enqueue('anthropic', { kind: 'error', status: 503 });
    const error = await collect((await h.runtime()).stream(ask('claude-opus-4-1', 'hi'))).catch(
      (caught: unknown) => caught,
    );
    expect(isSwitchboardError(error, 'PROVIDER_UNAVAILABLE')).toBe(true);
    expect(providersCalled(h)).toEqual(['anthropic']);
  });

  it('falls back to the configured fallback models after every route of the model failed', async () => {
    const h = await harness({
      logins: ['anthropic', 'mistral'],
      config: 'routing.fallback_models = ["not-a-model", "mistral-large-3"]',
    });
    h.upstream.enqueue('anthropic', { kind: 'error', status: 500 });
    const events = await collect((await h.runtime()).stream(ask('claude-opus-4-1', 'hi')));
    expect(providersCalled(h)).toEqual(['anthropic', 'mistral']);
    expect(events[0]).toMatchObject({ type: 'start', route: { provider: 'mistral', model: 'mistral-large-3' } });
    expect(h.warnings.map((warning) => warning.type)).toContain('fallback-model');
  });

  it('every route failing: the last error, naming the routes tried, and never a key', async () => {
    const h = await harness({ ...CLAUDE, logins: [...CLAUDE.logins] });
    h.upstream.enqueue('anthropic', { kind: 'error', status: 503 });
    h.upstream.enqueue('bedrock', { kind: 'error', status: 503 });
    const error = (await collect((await h.runtime()).stream(ask('claude-opus-4-1', 'hi'))).catch(
      (caught: unknown) => caught,
    )) as SwitchboardError;
    expect(isSwitchboardError(error, 'PROVIDER_UNAVAILABLE')).toBe(true);
    expect(error.message).toContain('also tried anthropic api-key: PROVIDER_UNAVAILABLE');
    expect(JSON.stringify({ message: error.message, ...error.toJSON() })).not.toContain(CANARY);
  });

  it('nothing logged in for the model: LOGIN_REQUIRED in the words of DESIGN §3', async () => {
    const h = await harness({ logins: ['mistral'] });
    const error = await collect((await h.runtime()).stream(ask('claude-opus-4-1', 'hi'))).catch(
      (caught: unknown) => caught,
    );
    expect(error).toMatchObject({
      code: 'LOGIN_REQUIRED',
      message: 'Claude Opus 4.1 requires Claude login. Run sb auth login claude',
    });
    expect(h.upstream.requests).toEqual([]);
  });

  it('a 401 refreshes a refreshable session once and retries once', async () => {
    const server = await startOAuthServer();
    servers.push(server);
    const h = await harness({
      config: `[providers.azure]\n[providers.azure.oauth]\ntoken_endpoint = "${server.endpoints.token}"\nclient_id = "${server.confidentialClientId}"\nclient_secret = "${server.confidentialClientSecret}"\nscopes = ["api.read"]`,
    });
    // The azure profile needs its resource URL; the harness config did not set one.
    const { updateConfigFile } = await import('../src/index.js');
    await updateConfigFile(h.home.paths, (document) => {
      document.providers = {
        ...document.providers,
        azure: { ...document.providers?.azure, api_base: h.upstream.baseUrls.azure },
      };
    });
    await h.home.auth.login('azure', { method: 'client-credentials' });
    const firstToken = await h.home.auth.getAccessToken('azure');
    h.upstream.enqueue('azure', { kind: 'error', status: 401 });
    const events = await collect((await h.runtime()).stream(ask('gpt-5', 'hi')));
    expect(events[0]).toMatchObject({ type: 'start', route: { provider: 'azure', method: 'client-credentials' } });
    const sent = h.upstream.requests
      .filter((request) => request.provider === 'azure')
      .map((request) => request.credential);
    expect(sent).toHaveLength(2);
    expect(sent[0]).toBe(firstToken);
    expect(sent[1]).not.toBe(firstToken);
    expect(sent[1]).toBe(await h.home.auth.getAccessToken('azure'));
  });

  it('a 401 on an API key is not "refreshed": it falls back (or fails) at once', async () => {
    const h = await harness({ ...CLAUDE, logins: [...CLAUDE.logins] });
    h.upstream.enqueue('anthropic', { kind: 'error', status: 401 });
    const events = await collect((await h.runtime()).stream(ask('claude-opus-4-1', 'hi')));
    expect(providersCalled(h)).toEqual(['anthropic', 'bedrock']);
    expect(events[0]).toMatchObject({ type: 'start', route: { provider: 'bedrock' } });
  });

  it('a short Retry-After is waited out on the same route; a long one falls back and pauses the route', async () => {
    const waits: number[] = [];
    const h = await harness({ ...CLAUDE, logins: [...CLAUDE.logins] });
    const runtime = await h.runtime({
      sleep: async (milliseconds) => void waits.push(milliseconds),
      maxRetryAfterWaitMs: 5_000,
    });
    h.upstream.enqueue('anthropic', { kind: 'error', status: 429, retryAfterSeconds: 2 });
    const first = await collect(runtime.stream(ask('claude-opus-4-1', 'one')));
    expect(waits).toEqual([2_000]);
    expect(providersCalled(h)).toEqual(['anthropic', 'anthropic']);
    expect(first[0]).toMatchObject({ route: { provider: 'anthropic' } });

    h.upstream.reset();
    h.upstream.enqueue('anthropic', { kind: 'error', status: 429, retryAfterSeconds: 120 });
    const second = await collect(runtime.stream(ask('claude-opus-4-1', 'two')));
    expect(waits).toEqual([2_000]);
    expect(providersCalled(h)).toEqual(['anthropic', 'bedrock']);
    expect(second[0]).toMatchObject({ route: { provider: 'bedrock' } });
    // The provider asked for two minutes: the next request does not knock.
    h.upstream.reset();
    await collect(runtime.stream(ask('claude-opus-4-1', 'three')));
    expect(providersCalled(h)).toEqual(['bedrock']);
  });

  it('the circuit opens after repeated failures, skips the route while open, and a probe closes it (injected clock)', async () => {
    let now = Date.parse('2026-11-20T12:00:00Z');
    const h = await harness({ logins: ['mistral'] });
    const runtime = await h.runtime({ now: () => now, circuitBreaker: { failureThreshold: 2, cooldownMs: 30_000 } });
    const attempt = () =>
      collect(runtime.stream(ask('mistral-large-3', 'hi'))).catch((caught: unknown) => caught as SwitchboardError);
    h.upstream.enqueue('mistral', { kind: 'error', status: 503 }, { kind: 'error', status: 503 });
    expect(await attempt()).toMatchObject({ code: 'PROVIDER_UNAVAILABLE', status: 503 });
    expect(await attempt()).toMatchObject({ code: 'PROVIDER_UNAVAILABLE', status: 503 });
    expect(runtime.circuits()).toMatchObject([{ route: { provider: 'mistral' }, state: 'open' }]);

    const refused = await attempt();
    expect(refused).toMatchObject({ code: 'PROVIDER_UNAVAILABLE', retryAfterSeconds: 30 });
    expect(h.upstream.requests).toHaveLength(2);

    now += 30_000;
    expect(runtime.circuits()[0]?.state).toBe('half-open');
    const probe = await attempt();
    expect(Array.isArray(probe)).toBe(true);
    expect(h.upstream.requests).toHaveLength(3);
    expect(runtime.circuits()[0]?.state).toBe('closed');
  });

  it('bounded total time: once routing.timeout_ms is spent no further route is tried', async () => {
    const h = await harness({
      logins: ['anthropic', 'bedrock', 'mistral'],
      config:
        'routing.prefer = ["anthropic", "bedrock"]\nrouting.timeout_ms = 1500\nrouting.fallback_models = ["mistral-large-3"]',
    });
    h.upstream.enqueue('anthropic', { kind: 'hang' });
    h.upstream.enqueue('bedrock', { kind: 'hang' });
    const runtime = await h.runtime({ firstByteTimeoutMs: 1_000 });
    const error = await collect(runtime.stream(ask('claude-opus-4-1', 'hi'))).catch((caught: unknown) => caught);
    expect(isSwitchboardError(error, 'TIMEOUT')).toBe(true);
    // Had the two first-byte timeouts stacked (2 × 1 s > 1.5 s), mistral would have been asked.
    expect(providersCalled(h)).not.toContain('mistral');
    expect(providersCalled(h)[0]).toBe('anthropic');
  });

  it('one provider hanging does not hold up requests to the others', async () => {
    const h = await harness({ logins: ['anthropic', 'mistral'] });
    h.upstream.enqueue('anthropic', { kind: 'hang' });
    const runtime = await h.runtime();
    const finished: string[] = [];
    const controller = new AbortController();
    const hanging = collect(runtime.stream({ ...ask('claude-opus-4-1', 'hi'), signal: controller.signal }))
      .catch((caught: unknown) => caught)
      .finally(() => finished.push('claude'));
    // Wait until the hanging request is really at the upstream.
    while (!providersCalled(h).includes('anthropic')) await new Promise((resolve) => setTimeout(resolve, 5));
    const answers = await Promise.all(
      Array.from({ length: 5 }, (_, index) =>
        collect(runtime.stream(ask('mistral-large-3', `q${index}`))).finally(() => finished.push(`mistral-${index}`)),
      ),
    );
    expect(answers.every((events) => events.at(-1)?.type === 'finish')).toBe(true);
    expect(finished).toHaveLength(5);
    expect(finished).not.toContain('claude');
    controller.abort();
    expect(await hanging).toMatchObject({ code: 'CANCELLED' });
    expect(finished.at(-1)).toBe('claude');
  });

  it('a key in the environment (the global level) is used before the stored session', async () => {
    const environmentKey = `mistral-env-${CANARY}-9999`;
    const h = await harness({ logins: ['mistral'], environment: { MISTRAL_API_KEY: environmentKey } });
    const runtime = await h.runtime();
    expect((await runtime.resolveRoutes('mistral-large-3'))[0]?.level).toBe('workspace');
    await collect(runtime.stream(ask('mistral-large-3', 'hi')));
    expect(h.upstream.lastRequest('mistral')?.credential).toBe(environmentKey);
    expect(h.upstream.lastRequest('mistral')?.credential).not.toBe(KEYS.mistral);
  });
  it('an endpoint route gets its key from the variable the endpoint names, and nothing else', async () => {
    const endpointKey = `endpoint-${CANARY}-0042`;
    const h = await harness({ environment: { LOCAL_GATEWAY_KEY: endpointKey } });
    const { updateConfigFile } = await import('../src/index.js');
    await updateConfigFile(h.home.paths, (document) => {
      document['endpoints'] = {
        local: { api_base: h.upstream.baseUrls.openai, api_key_env: 'LOCAL_GATEWAY_KEY', name: 'Local gateway' },
      };
      document['models'] = {
        'local-model': {
          endpoint: 'local',
          upstream_id: 'vendor/model-7',
          name: 'Local model',
          context_window: 32768,
          price: { input: 0, output: 0 },
        },
      };
    });
    const config = await loadConfig(h.home.paths.config);
    const runtime = await h.runtime({
      catalog: createCatalog({ customModels: config.raw['models'], endpoints: config.raw['endpoints'] }),
    });
    const events = await collect(runtime.stream(ask('local-model', 'hi')));
    expect(events[0]).toMatchObject({
      type: 'start',
      route: { provider: 'endpoint:local', transport: 'openai-compatible' },
    });
    expect(events.at(-1)?.type).toBe('finish');
    const request = h.upstream.lastRequest('openai');
    expect(request).toMatchObject({ protocol: 'openai-chat', model: 'vendor/model-7', credential: endpointKey });
  });
});
