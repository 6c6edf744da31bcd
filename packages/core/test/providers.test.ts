import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { defaultAnswerText, startFakeUpstream, type FakeUpstream } from '@switchboard/testkit';
import { createProviderRegistry, TRANSPORTS, type StreamEvent } from '../src/index.js';
import {
  ADAPTER_CASE_NAMES,
  adapterCases,
  collect,
  fakeUpstreamOptions,
  GOOGLE_QUOTA_PROJECT,
  textOf,
  userRequest,
} from './providers-fixtures.js';

let fake: FakeUpstream;

beforeAll(async () => {
  fake = await startFakeUpstream(fakeUpstreamOptions());
});
afterAll(async () => {
  await fake.close();
});
afterEach(() => {
  fake.reset();
});

const caseNamed = (name: string) => {
  const found = adapterCases(fake.baseUrls).find((entry) => entry.name === name);
  if (!found) throw new Error(`no case ${name}`);
  return found;
};

describe.each(ADAPTER_CASE_NAMES)('%s', (name) => {
  it('streams the answer with the right auth header, start first and finish last', async () => {
    const adapter = caseNamed(name);
    const events = await collect(adapter.runtime.streamGenerate(userRequest('hello there'), adapter.context));
    const request = fake.lastRequest(adapter.upstream);
    expect(request, 'the fake saw the request').toBeDefined();
    adapter.expectAuth(request!);
    expect(request!.authorized).toBe(true);
    expect(request!.stream).toBe(true);

    expect(events[0]).toEqual({ type: 'start', route: adapter.context.route });
    const last = events.at(-1)!;
    expect(last.type).toBe('finish');
    expect(textOf(events)).toBe(defaultAnswerText(adapter.upstream, request!.model, 'hello there'));
    expect(events.filter((event) => event.type === 'text-delta').length).toBeGreaterThan(1);
    if (last.type === 'finish') {
      expect(last.finishReason).toBe('stop');
      expect(last.usage.outputTokens).toBeGreaterThan(0);
      expect(last.usage.totalTokens).toBe(last.usage.inputTokens + last.usage.outputTokens);
    }
  });

  it('generates the answer with the right auth header', async () => {
    const adapter = caseNamed(name);
    const result = await adapter.runtime.generate(userRequest('generate please'), adapter.context);
    const request = fake.lastRequest(adapter.upstream)!;
    adapter.expectAuth(request);
    expect(request.authorized).toBe(true);
    expect(result.route).toEqual(adapter.context.route);
    expect(result.text).toBe(defaultAnswerText(adapter.upstream, request.model, 'generate please'));
    expect(result.finishReason).toBe('stop');
    expect(result.toolCalls).toEqual([]);
    expect(result.usage.outputTokens).toBeGreaterThan(0);
  });

  it('passes tool calls through (streamed and generated) without executing them', async () => {
    const adapter = caseNamed(name);
    const tools = {
      get_weather: {
        description: 'Weather of a city',
        inputSchema: { type: 'object' as const, properties: { city: { type: 'string' as const } }, required: ['city'] },
      },
    };
    fake.enqueue(adapter.upstream, { kind: 'tool-call', name: 'get_weather', arguments: { city: 'Paris', days: 2 } });
    const events = await collect(adapter.runtime.streamGenerate(userRequest('weather?', { tools }), adapter.context));
    const sent = fake.lastRequest(adapter.upstream)!;
    expect(JSON.stringify(sent.body)).toContain('get_weather');
    const calls = events.filter(
      (event): event is Extract<StreamEvent, { type: 'tool-call' }> => event.type === 'tool-call',
    );
    expect(calls).toHaveLength(1);
    expect(calls[0]!.toolName).toBe('get_weather');
    expect(calls[0]!.toolCallId).not.toBe('');
    expect(JSON.parse(calls[0]!.input)).toEqual({ city: 'Paris', days: 2 });
    const finish = events.at(-1);
    expect(finish?.type === 'finish' && finish.finishReason).toBe('tool-calls');

    fake.enqueue(adapter.upstream, { kind: 'tool-call', name: 'get_weather', arguments: { city: 'Oslo' } });
    const generated = await adapter.runtime.generate(
      userRequest('weather?', { tools, toolChoice: 'required' }),
      adapter.context,
    );
    expect(
      generated.toolCalls.map((call) => ({ name: call.toolName, input: JSON.parse(call.input) as unknown })),
    ).toEqual([{ name: 'get_weather', input: { city: 'Oslo' } }]);
  });
});

describe('request shapes', () => {
  it('sends the system prompt as Codex `instructions`, not as an input message', async () => {
    const adapter = caseNamed('openai · oauth · codex backend');
    await collect(
      adapter.runtime.streamGenerate(
        userRequest('hi', { system: 'Answer in French.', maxOutputTokens: 50 }),
        adapter.context,
      ),
    );
    const body = fake.lastRequest('codex')!.body as Record<string, unknown>;
    expect(body['instructions']).toBe('Answer in French.');
    expect(JSON.stringify(body['input'])).not.toContain('Answer in French.');
    expect(body).not.toHaveProperty('max_output_tokens');
  });

  it('sends a Google sign-in to the Gemini API with Bearer and x-goog-user-project, never an API key', async () => {
    const adapter = caseNamed('google · oauth · gemini api');
    await collect(adapter.runtime.streamGenerate(userRequest('one'), adapter.context));
    const request = fake.lastRequest('gemini')!;
    expect(request.authorized).toBe(true);
    expect(request.headers['x-goog-api-key']).toBeUndefined();
    expect(request.headers['x-goog-user-project']).toBe(GOOGLE_QUOTA_PROJECT);

    // Without a project (none configured, no GOOGLE_CLOUD_PROJECT), Google decides: this token needs one.
    const withoutProject = { ...adapter.context, profile: { ...adapter.context.profile, settings: {} } };
    const refused = await adapter.runtime.generate(userRequest('two'), withoutProject).catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: 'PERMISSION_DENIED' });
    expect(String((refused as Error).message)).toContain('requires a quota project');

    // GOOGLE_CLOUD_PROJECT names it when config.toml does not.
    await adapter.runtime.generate(userRequest('three'), {
      ...withoutProject,
      environment: { GOOGLE_CLOUD_PROJECT: GOOGLE_QUOTA_PROJECT },
    });
    expect(fake.lastRequest('gemini')?.headers['x-goog-user-project']).toBe(GOOGLE_QUOTA_PROJECT);
  });

  it('lists models live where the provider has a list endpoint', async () => {
    const withList = [
      'openai · api-key · responses',
      'anthropic · api-key',
      'google · api-key · gemini',
      'mistral · api-key',
    ];
    for (const name of withList) {
      const adapter = caseNamed(name);
      const models = await adapter.runtime.listModels(adapter.context);
      expect(models.length, name).toBeGreaterThan(0);
      const request = fake.lastRequest(adapter.upstream)!;
      expect(request.protocol).toBe('models');
      expect(request.credential).toBe(adapter.secret);
      expect(request.authorized).toBe(true);
    }
    expect(
      await caseNamed('google · api-key · gemini').runtime.listModels(caseNamed('google · api-key · gemini').context),
    ).toContain('gemini-2.5-pro');
  });

  it('validates credentials without throwing: a good key is valid, a wrong one is reported', async () => {
    const adapter = caseNamed('anthropic · api-key');
    expect(await adapter.runtime.validateCredential(adapter.context)).toEqual({ valid: true });
    const wrong = await adapter.runtime.validateCredential({
      ...adapter.context,
      credential: { provider: 'anthropic', method: 'api-key', apiKey: 'sk-ant-wrong-key-000', source: 'session' },
    });
    expect(wrong.valid).toBe(false);
    expect(wrong.error?.code).toBe('AUTH_FAILED');

    const signIn = caseNamed('google · oauth · gemini api');
    expect(await signIn.runtime.validateCredential(signIn.context)).toEqual({ valid: true });
    const revoked = await signIn.runtime.validateCredential({
      ...signIn.context,
      credential: { provider: 'google', method: 'oauth', accessToken: 'ya29.revoked-token-000' },
    });
    expect(revoked.valid).toBe(false);
    expect(revoked.error?.code).toBe('AUTH_FAILED');
  });

  it('refuses a route whose credential is of the wrong method before sending anything', async () => {
    const adapter = caseNamed('openai · oauth · codex backend');
    const before = fake.requests.length;
    await expect(
      collect(
        adapter.runtime.streamGenerate(userRequest(), {
          ...adapter.context,
          credential: { provider: 'openai', method: 'oauth', accessToken: 'token-without-account' },
        }),
      ),
    ).rejects.toMatchObject({ code: 'LOGIN_REQUIRED' });
    await expect(
      adapter.runtime.generate(userRequest(), {
        ...adapter.context,
        credential: { provider: 'openai', method: 'api-key', apiKey: 'sk-wrong-method', source: 'session' },
      }),
    ).rejects.toMatchObject({ code: 'LOGIN_REQUIRED' });
    expect(fake.requests.length).toBe(before);
  });
});

describe('registry', () => {
  it('serves every transport of the catalog with exactly one adapter', () => {
    const registry = createProviderRegistry();
    for (const transport of TRANSPORTS) expect(registry.forTransport(transport).transports).toContain(transport);
    expect(registry.forRoute({ provider: 'endpoint:ollama', transport: 'openai-compatible' }).id).toBe(
      'openai-compatible',
    );
    expect(registry.forRoute({ provider: 'google', transport: 'gemini' }).id).toBe('google');
  });
});
