import { getEventListeners } from 'node:events';
import { readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultAnswerText, startOAuthServer, type OAuthServer } from '@switchboard/testkit';
import {
  isSwitchboardError,
  jsonBodyOf,
  updateConfigFile,
  type Forwarded,
  type ForwardRequest,
  type SwitchboardError,
} from '../src/index.js';
import {
  anthropicOAuthConfig,
  CHAT_MODEL,
  CHAT_MODEL_CONFIG,
  chatRequest,
  createForwardHarness,
  encodeError,
  loginAnthropicOAuth,
  messagesRequest,
  usageLines,
} from './forward-fixtures.js';
import { CANARY, collect, KEYS, textOf, type HarnessOptions, type RuntimeHarness } from './runtime-fixtures.js';

const harnesses: RuntimeHarness[] = [];
const servers: OAuthServer[] = [];
afterEach(async () => {
  await Promise.all(harnesses.splice(0).map((harness) => harness.close()));
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function harness(options: HarnessOptions) {
  const created = await createForwardHarness(options);
  harnesses.push(created);
  return created;
}

async function bodyText(forwarded: Forwarded): Promise<string> {
  if (forwarded.type !== 'passthrough-stream') throw new Error(`expected a passthrough stream, got ${forwarded.type}`);
  return new Response(forwarded.body).text();
}

/** Content of every `data:` chunk of an OpenAI chat stream that has a content delta. */
function chatDeltas(text: string): string {
  return text
    .split('\n\n')
    .filter((event) => event.startsWith('data: {'))
    .map((event) => JSON.parse(event.slice(6)) as { choices: Array<{ delta?: { content?: string } }> })
    .map((chunk) => chunk.choices[0]?.delta?.content ?? '')
    .join('');
}

describe('runtime.forward: same wire format', () => {
  it('passes an OpenAI chat stream through: upstream model id, the caller’s other fields, usage asked for and hidden, usage recorded', async () => {
    const h = await harness({ logins: ['openai'], config: CHAT_MODEL_CONFIG });
    h.upstream.setDefaultBehavior('openai', {
      kind: 'text',
      chunks: ['Hello ', 'from ', 'upstream.'],
      usage: { inputTokens: 11, outputTokens: 3 },
    });
    const runtime = await h.runtime();
    const forwarded = await runtime.forward(chatRequest(CHAT_MODEL, 'hi', { stream: true, seed: 7, user: 'someone' }));
    expect(forwarded).toMatchObject({
      type: 'passthrough-stream',
      route: { provider: 'openai', transport: 'openai-chat' },
      contentType: expect.stringContaining('text/event-stream'),
    });
    const text = await bodyText(forwarded);
    expect(chatDeltas(text)).toBe('Hello from upstream.');
    expect(text.trimEnd().endsWith('data: [DONE]')).toBe(true);
    // The runtime asked for usage; the caller did not, so the usage-only chunk is not passed on.
    expect(text).not.toContain('"choices":[]');
    // The model field is the upstream's own (decided: pass the upstream's bytes unchanged).
    expect(text).toContain('"model":"gpt-upstream-chat-1"');
    const sent = h.upstream.lastRequest('openai');
    expect(sent).toMatchObject({
      path: '/openai/v1/chat/completions',
      credential: KEYS.openai,
      model: 'gpt-upstream-chat-1',
    });
    expect(sent?.body).toMatchObject({
      seed: 7,
      user: 'someone',
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(forwarded.type === 'passthrough-stream' && (await forwarded.ended)).toEqual({
      error: undefined,
      cancelled: false,
    });
    await runtime.flush();
    expect((await usageLines(h)).at(-1)).toMatchObject({
      provider: 'openai',
      model: CHAT_MODEL,
      inputTokens: 11,
      outputTokens: 3,
      outcome: 'ok',
      route: { transport: 'openai-chat' },
    });
  });

  it('keeps the usage chunk for a caller that asked for it, and answers non-streamed requests with the upstream body', async () => {
    const h = await harness({ logins: ['openai'], config: CHAT_MODEL_CONFIG });
    h.upstream.setDefaultBehavior('openai', {
      kind: 'text',
      text: 'Plain answer.',
      usage: { inputTokens: 5, outputTokens: 2 },
    });
    const runtime = await h.runtime();
    const text = await bodyText(
      await runtime.forward(chatRequest(CHAT_MODEL, 'hi', { stream: true, stream_options: { include_usage: true } })),
    );
    expect(text).toContain('"choices":[]');
    expect(text).toContain('"prompt_tokens":5');

    const json = await runtime.forward(chatRequest(CHAT_MODEL, 'hi'));
    expect(json).toMatchObject({ type: 'passthrough-json', status: 200 });
    const body = JSON.parse(json.type === 'passthrough-json' ? json.body : '{}') as {
      model: string;
      choices: Array<{ message: { content: string } }>;
    };
    expect(body.model).toBe('gpt-upstream-chat-1');
    expect(body.choices[0]?.message.content).toBe('Plain answer.');
    await runtime.flush();
    expect((await usageLines(h)).map((line) => [line['inputTokens'], line['outputTokens'], line['outcome']])).toEqual([
      [5, 2, 'ok'],
      [5, 2, 'ok'],
    ]);
  });

  it('passes Anthropic messages through with the session key, the caller’s version and beta headers, and nothing else of the caller’s', async () => {
    const h = await harness({ logins: ['anthropic'] });
    const runtime = await h.runtime();
    const forwarded = await runtime.forward(
      messagesRequest('claude-haiku-4-5', 'hello anthropic', true, {
        'anthropic-version': '2023-06-01',
        'anthropic-beta': 'tools-2024',
        authorization: 'Bearer caller-token',
      }),
    );
    const text = await bodyText(forwarded);
    expect(text).toContain('event: message_stop');
    const sent = h.upstream.lastRequest('anthropic');
    expect(sent?.headers).toMatchObject({
      'x-api-key': KEYS.anthropic,
      'anthropic-version': '2023-06-01',
      'anthropic-beta': 'tools-2024',
    });
    expect(sent?.headers['authorization']).toBeUndefined();
    expect(sent?.model).toBe(forwarded.route.upstreamId);
    await runtime.flush();
    const line = (await usageLines(h)).at(-1);
    expect(line).toMatchObject({ provider: 'anthropic', outcome: 'ok' });
    expect(Number(line?.['outputTokens'])).toBeGreaterThan(0);
    expect(Number(line?.['inputTokens'])).toBeGreaterThan(0);
  });

  it('passes the Responses API through for an openai-responses route', async () => {
    const h = await harness({ logins: ['openai'] });
    const runtime = await h.runtime();
    const request: ForwardRequest = {
      model: 'gpt-5-mini',
      messages: [{ role: 'user', content: 'hello responses' }],
      wire: 'openai-responses',
      stream: true,
      body: jsonBodyOf({ model: 'gpt-5-mini', input: 'hello responses', stream: true }),
      encodeError,
    };
    const forwarded = await runtime.forward(request);
    const text = await bodyText(forwarded);
    expect(text).toContain('event: response.completed');
    expect(h.upstream.lastRequest('openai')).toMatchObject({
      path: '/openai/v1/responses',
      model: forwarded.route.upstreamId,
    });
    await runtime.flush();
    expect((await usageLines(h)).at(-1)).toMatchObject({ provider: 'openai', outcome: 'ok' });
  });
});

describe('runtime.forward: lazy translation, sub-resources, forward-only requests', () => {
  it('builds the neutral request only for a route of another wire format', async () => {
    const h = await harness({ logins: ['anthropic', 'openai'] });
    const runtime = await h.runtime();
    let built = 0;
    const lazy = (model: string): ForwardRequest => ({
      model,
      wire: 'anthropic-messages',
      stream: false,
      headers: { 'anthropic-version': '2023-06-01' },
      body: jsonBodyOf({ model, max_tokens: 16, messages: [{ role: 'user', content: 'lazy' }] }),
      neutral: () => {
        built += 1;
        return { messages: [{ role: 'user', content: 'lazy' }] };
      },
      encodeError,
    });
    expect((await runtime.forward(lazy('claude-haiku-4-5'))).type).toBe('passthrough-json');
    expect(built).toBe(0);
    const translated = await runtime.forward(lazy('gpt-5-mini'));
    expect(translated.type).toBe('generate');
    expect(built).toBe(1);
    expect(translated.type === 'generate' ? translated.result.text : '').toBe(
      defaultAnswerText('openai', translated.route.upstreamId, 'lazy'),
    );
  });

  it('sends a sub-resource (count_tokens) to the route’s endpoint, recording no usage', async () => {
    const h = await harness({ logins: ['anthropic'] });
    const runtime = await h.runtime();
    const counted = await runtime.forward({
      model: 'claude-haiku-4-5',
      wire: 'anthropic-messages',
      stream: false,
      path: '/count_tokens',
      forwardOnly: true,
      headers: { 'anthropic-version': '2023-06-01' },
      body: jsonBodyOf({ model: 'claude-haiku-4-5', messages: [{ role: 'user', content: 'count' }] }),
      encodeError,
    });
    expect(counted.type).toBe('passthrough-json');
    expect(JSON.parse(counted.type === 'passthrough-json' ? counted.body : '{}')).toMatchObject({
      input_tokens: expect.any(Number) as number,
    });
    expect(h.upstream.lastRequest('anthropic')?.path).toBe('/anthropic/v1/messages/count_tokens');
    await runtime.flush();
    expect(await readFile(h.home.paths.usageLog, 'utf8').catch(() => '')).toBe('');
  });

  it('answers a forward-only request for a route of another wire format with not-forwarded, calling nothing', async () => {
    const h = await harness({ logins: ['openai'] });
    const forwarded = await (
      await h.runtime()
    ).forward({
      model: 'gpt-5-mini',
      wire: 'anthropic-messages',
      stream: false,
      forwardOnly: true,
      body: jsonBodyOf({ model: 'gpt-5-mini', messages: [] }),
      encodeError,
    });
    expect(forwarded).toMatchObject({ type: 'not-forwarded', route: { provider: 'openai' } });
    expect(h.upstream.requests).toEqual([]);
  });
});

describe('runtime.forward: the runtime’s rules hold', () => {
  it('a failure before the first byte falls back, to a route of another wire format (served as a neutral stream)', async () => {
    const h = await harness({ logins: ['anthropic', 'bedrock'], config: 'routing.prefer = ["anthropic", "bedrock"]' });
    h.upstream.enqueue('anthropic', { kind: 'error', status: 503 });
    const forwarded = await (await h.runtime()).forward(messagesRequest('claude-opus-4-1', 'hello there', true));
    expect(forwarded.type).toBe('stream');
    const events = forwarded.type === 'stream' ? await collect(forwarded.events) : [];
    expect(events[0]).toMatchObject({ type: 'start', route: { provider: 'bedrock' } });
    expect(textOf(events)).toBe(
      defaultAnswerText('bedrock', 'us.anthropic.claude-opus-4-1-20250805-v1:0', 'hello there'),
    );
    expect(h.upstream.requests.map((request) => request.provider)).toEqual(['anthropic', 'bedrock']);

    const generated = await (await h.runtime()).forward(messagesRequest('claude-opus-4-1', 'again', false));
    expect(generated.type).toBe('passthrough-json');
  });

  it('an upstream error before the first byte is a SwitchboardError with the credential scrubbed, never the upstream body', async () => {
    const h = await harness({ logins: ['openai'], config: `${CHAT_MODEL_CONFIG}\n[routing]\nfallback = false` });
    h.upstream.enqueue('openai', {
      kind: 'error',
      status: 400,
      message: `Your key ${KEYS.openai} is not allowed to use seed`,
    });
    const error = await (
      await h.runtime()
    )
      .forward(chatRequest(CHAT_MODEL, 'hi', { stream: true }))
      .catch((caught: unknown) => caught);
    expect(isSwitchboardError(error, 'INVALID_REQUEST')).toBe(true);
    const rendered = [String((error as Error).message), JSON.stringify(error), String((error as Error).stack)].join(
      '\n',
    );
    expect(rendered).not.toContain(CANARY);
    expect(rendered).toContain('[redacted]');
  });

  it('a 429 with a short Retry-After is waited out on the same route, then served', async () => {
    const waits: number[] = [];
    const h = await harness({ logins: ['openai'], config: CHAT_MODEL_CONFIG });
    const runtime = await h.runtime({ sleep: async (milliseconds) => void waits.push(milliseconds) });
    h.upstream.enqueue('openai', { kind: 'error', status: 429, retryAfterSeconds: 2 });
    const text = await bodyText(await runtime.forward(chatRequest(CHAT_MODEL, 'hi', { stream: true })));
    expect(waits).toEqual([2_000]);
    expect(text).toContain('[DONE]');
    expect(h.upstream.requests).toHaveLength(2);
  });

  it('opens the circuit after repeated failures and then skips the route without calling it', async () => {
    const h = await harness({ logins: ['openai'], config: CHAT_MODEL_CONFIG });
    const runtime = await h.runtime({ circuitBreaker: { failureThreshold: 2, cooldownMs: 60_000 } });
    h.upstream.enqueue('openai', { kind: 'error', status: 503 }, { kind: 'error', status: 503 });
    for (let index = 0; index < 2; index += 1) {
      await expect(runtime.forward(chatRequest(CHAT_MODEL, 'hi', { stream: true }))).rejects.toMatchObject({
        code: 'PROVIDER_UNAVAILABLE',
        status: 503,
      });
    }
    expect(runtime.circuits()).toMatchObject([
      { route: { provider: 'openai', transport: 'openai-chat' }, state: 'open' },
    ]);
    await expect(runtime.forward(chatRequest(CHAT_MODEL, 'hi', { stream: true }))).rejects.toMatchObject({
      code: 'PROVIDER_UNAVAILABLE',
      retryAfterSeconds: 60,
    });
    expect(h.upstream.requests).toHaveLength(2);
  });

  it('a refused budget skips the route before any upstream call', async () => {
    const h = await harness({ logins: ['openai'], config: CHAT_MODEL_CONFIG });
    await updateConfigFile(h.home.paths, (document) => {
      document.providers = {
        ...document.providers,
        openai: { ...document.providers?.openai, budget_usd_monthly: 0.000001 },
      };
    });
    const runtime = await h.runtime();
    await bodyText(await runtime.forward(chatRequest(CHAT_MODEL, 'hi', { stream: true })));
    await runtime.flush();
    await expect(runtime.forward(chatRequest(CHAT_MODEL, 'hi', { stream: true }))).rejects.toMatchObject({
      code: 'BUDGET_EXCEEDED',
    });
    expect(h.upstream.requests).toHaveLength(1);
  });

  it('a 401 on a refreshable session refreshes once and retries once, with the new token', async () => {
    const server = await startOAuthServer();
    servers.push(server);
    const h = await harness({ config: anthropicOAuthConfig(server) });
    await loginAnthropicOAuth(h);
    const firstToken = await h.home.auth.getAccessToken('anthropic');
    h.upstream.enqueue('anthropic', { kind: 'error', status: 401 });
    const forwarded = await (await h.runtime()).forward(messagesRequest('claude-haiku-4-5', 'hi', true));
    expect(forwarded).toMatchObject({ type: 'passthrough-stream', route: { provider: 'anthropic', method: 'oauth' } });
    expect(await bodyText(forwarded)).toContain('message_stop');
    const sent = h.upstream.requests.map((request) => request.headers['authorization']);
    expect(sent).toEqual([`Bearer ${firstToken}`, `Bearer ${await h.home.auth.getAccessToken('anthropic')}`]);
    expect(sent[0]).not.toBe(sent[1]);
  });
});

describe('runtime.forward: how a forwarded stream ends', () => {
  it('a cut after the first byte ends with the caller’s error event, never a clean end, and is recorded', async () => {
    const h = await harness({ logins: ['openai'], config: CHAT_MODEL_CONFIG });
    h.upstream.enqueue('openai', { kind: 'cut', afterChunks: 2, text: 'one two three four' });
    const runtime = await h.runtime();
    const forwarded = await runtime.forward(chatRequest(CHAT_MODEL, 'hi', { stream: true }));
    const text = await bodyText(forwarded);
    expect(chatDeltas(text.replace(/event: error\n.*\n\n$/, ''))).toBe('one two ');
    expect(text).not.toContain('[DONE]');
    expect(text.endsWith(encodeError({ code: 'STREAM_INTERRUPTED' } as SwitchboardError))).toBe(true);
    const outcome = forwarded.type === 'passthrough-stream' ? await forwarded.ended : undefined;
    expect(outcome?.error?.code).toBe('STREAM_INTERRUPTED');
    await runtime.flush();
    expect((await usageLines(h)).at(-1)).toMatchObject({ outcome: 'error', errorCode: 'STREAM_INTERRUPTED' });
  });

  it('an upstream error event mid-stream is passed on as the upstream sent it and recorded as a failure', async () => {
    const h = await harness({ logins: ['anthropic'], upstream: { chunkDelayMs: 20 } });
    h.upstream.enqueue('anthropic', { kind: 'stream-error', afterChunks: 2, errorType: 'overloaded_error' });
    const runtime = await h.runtime();
    const forwarded = await runtime.forward(messagesRequest('claude-haiku-4-5', 'hi', true));
    const text = await bodyText(forwarded);
    expect(text).toContain('event: error');
    expect(text).toContain('overloaded_error');
    expect(text).not.toContain('message_stop');
    expect(text).not.toContain('"code":"');
    await runtime.flush();
    expect((await usageLines(h)).at(-1)).toMatchObject({ outcome: 'error', errorCode: 'PROVIDER_UNAVAILABLE' });
  });

  it('a stream that stalls after its first byte ends with a TIMEOUT error event', async () => {
    const h = await harness({ logins: ['openai'], config: CHAT_MODEL_CONFIG, upstream: { chunkDelayMs: 2_000 } });
    h.upstream.enqueue('openai', { kind: 'text', chunks: ['one ', 'two ', 'three'] });
    const forwarded = await (
      await h.runtime({ idleTimeoutMs: 300 })
    ).forward(chatRequest(CHAT_MODEL, 'hi', { stream: true }));
    const text = await bodyText(forwarded);
    expect(text.endsWith(encodeError({ code: 'TIMEOUT' } as SwitchboardError))).toBe(true);
  });

  it('a caller that stops reading aborts the upstream request; no abort listener is left on any signal', async () => {
    const signals: AbortSignal[] = [];
    const h = await harness({ logins: ['openai'], config: CHAT_MODEL_CONFIG, upstream: { chunkDelayMs: 20 } });
    const runtime = await h.runtime({
      fetch: (input, init) => {
        if (init?.signal) signals.push(init.signal);
        return globalThis.fetch(input, init);
      },
    });
    const caller = new AbortController();
    for (let index = 0; index < 5; index += 1) {
      await bodyText(
        await runtime.forward({ ...chatRequest(CHAT_MODEL, `hi ${index}`, { stream: true }), signal: caller.signal }),
      );
    }
    h.upstream.enqueue('openai', { kind: 'text', chunks: Array.from({ length: 200 }, (_, index) => `w${index} `) });
    const long = await runtime.forward({ ...chatRequest(CHAT_MODEL, 'long', { stream: true }), signal: caller.signal });
    if (long.type !== 'passthrough-stream') throw new Error('expected a passthrough stream');
    const reader = long.body.getReader();
    await reader.read();
    await reader.cancel();
    expect(await long.ended).toEqual({ error: undefined, cancelled: true });
    await runtime.flush();
    expect((await usageLines(h)).at(-1)).toMatchObject({ outcome: 'error', errorCode: 'CANCELLED' });
    expect(signals).toHaveLength(6);
    expect(signals.at(-1)?.aborted).toBe(true);
    expect(signals.slice(0, -1).every((signal) => !signal.aborted)).toBe(true);
    // Each request linked the caller's signal to its attempt; every link is gone.
    expect(getEventListeners(caller.signal, 'abort')).toHaveLength(0);
  });
});
