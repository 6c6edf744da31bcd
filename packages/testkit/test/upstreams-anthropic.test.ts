import Anthropic from '@anthropic-ai/sdk';
import { createAnthropic } from '@ai-sdk/anthropic';
import { generateText, streamText, tool } from 'ai';
import { z } from 'zod';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeUpstream } from '../src/upstreams/start-fake-upstream.js';
import type { FakeUpstream } from '../src/upstreams/types.js';
import { collectFullStream, ignoreStreamError } from './upstreams-helpers.js';

const KEY = 'sk-ant-test-key-0001';
const OAUTH_TOKEN = 'org-oauth-access-token-0001';

let upstream: FakeUpstream;
beforeAll(async () => {
  upstream = await startFakeUpstream({ expectedCredentials: { anthropic: [KEY, OAUTH_TOKEN] } });
});
afterAll(async () => {
  await upstream.close();
});
beforeEach(() => upstream.reset());

function sdk(apiKey = KEY): Anthropic {
  return new Anthropic({ apiKey, baseURL: upstream.baseUrls.anthropicSdk, maxRetries: 0 });
}

describe('fake Anthropic messages, driven by @anthropic-ai/sdk', () => {
  it('answers non-streaming (the SDK sends its key as a bearer token) with real usage', async () => {
    const message = await sdk().messages.create({
      model: 'claude-opus-4-1',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(message.content).toEqual([{ type: 'text', text: '[anthropic:claude-opus-4-1] you said: hi' }]);
    expect(message.stop_reason).toBe('end_turn');
    expect(message.usage.output_tokens).toBeGreaterThan(0);
    const recorded = upstream.lastRequest('anthropic');
    expect(recorded?.headers['authorization']).toBe(`Bearer ${KEY}`);
    expect(recorded?.headers['anthropic-version']).toBeDefined();
    expect(recorded?.credential).toBe(KEY);
  });

  it('streams message_start … message_stop and the SDK accumulates the final message', async () => {
    upstream.enqueue('anthropic', {
      kind: 'text',
      chunks: ['Hello', ', ', 'world'],
      usage: { inputTokens: 11, outputTokens: 3 },
    });
    const stream = sdk().messages.stream({
      model: 'claude-sonnet-4-6',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'x' }],
    });
    const events: string[] = [];
    for await (const event of stream) events.push(event.type);
    const final = await stream.finalMessage();
    expect(events[0]).toBe('message_start');
    expect(events.at(-1)).toBe('message_stop');
    expect(events.filter((type) => type === 'content_block_delta')).toHaveLength(3);
    expect(final.content).toEqual([expect.objectContaining({ type: 'text', text: 'Hello, world' })]);
    expect(final.usage).toMatchObject({ input_tokens: 11, output_tokens: 3 });
  });

  it('refuses a body that is not JSON with 400 in Anthropic’s words, naming where it broke', async () => {
    const response = await fetch(`${upstream.baseUrls.anthropic}/messages`, {
      method: 'POST',
      headers: { 'x-api-key': KEY, 'anthropic-version': '2023-06-01', 'content-type': 'application/json' },
      body: '{"model":"claude-haiku-4-5","max_tokens":10,"messages":[}',
    });
    expect(response.status).toBe(400);
    const requestId = response.headers.get('request-id');
    expect(requestId).toMatch(/^req_/);
    expect(await response.json()).toEqual({
      type: 'error',
      error: {
        type: 'invalid_request_error',
        message: 'The request body is not valid JSON: unexpected character: line 1 column 58 (char 57)',
      },
      request_id: requestId,
    });
  });

  it('sends both event: lines and data.type on the wire', async () => {
    const response = await fetch(`${upstream.baseUrls.anthropic}/messages`, {
      method: 'POST',
      headers: { 'x-api-key': KEY, 'anthropic-version': '2023-06-01', 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'claude-haiku-4-5',
        max_tokens: 10,
        stream: true,
        messages: [{ role: 'user', content: 'q' }],
      }),
    });
    expect(response.headers.get('request-id')).toMatch(/^req_/);
    const raw = await response.text();
    const blocks = raw.split('\n\n').filter((block) => block.trim() !== '');
    for (const block of blocks) {
      const event = /^event: (.+)$/m.exec(block)?.[1];
      const data = JSON.parse(/^data: (.+)$/m.exec(block)?.[1] ?? 'null') as { type: string };
      expect(data.type).toBe(event);
    }
    expect(blocks.map((block) => /^event: (.+)$/m.exec(block)?.[1])).toEqual(
      expect.arrayContaining([
        'message_start',
        'content_block_start',
        'ping',
        'content_block_delta',
        'content_block_stop',
        'message_delta',
        'message_stop',
      ]),
    );
  });

  it('streams a tool_use block as input_json_delta', async () => {
    upstream.enqueue('anthropic', { kind: 'tool-call', name: 'lookup', arguments: { query: 'switchboard', limit: 3 } });
    const final = await sdk()
      .messages.stream({
        model: 'claude-opus-4-1',
        max_tokens: 100,
        tools: [{ name: 'lookup', input_schema: { type: 'object' } }],
        messages: [{ role: 'user', content: 'find' }],
      })
      .finalMessage();
    expect(final.stop_reason).toBe('tool_use');
    expect(final.content[0]).toMatchObject({
      type: 'tool_use',
      name: 'lookup',
      input: { query: 'switchboard', limit: 3 },
    });
  });

  it('refuses a wrong credential with authentication_error and request-id', async () => {
    const error = (await sdk('sk-ant-wrong')
      .messages.create({ model: 'claude-opus-4-1', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] })
      .catch((caught: unknown) => caught)) as InstanceType<typeof Anthropic.APIError>;
    expect(error).toBeInstanceOf(Anthropic.AuthenticationError);
    expect(error.status).toBe(401);
    expect(error.error).toMatchObject({ type: 'error', error: { type: 'authentication_error' } });
    expect(error.requestID).toMatch(/^req_/);
  });

  it('maps 429, 529 overloaded and 404 to the SDK error classes with the real error types', async () => {
    upstream.enqueue(
      'anthropic',
      { kind: 'error', status: 429, retryAfterSeconds: 3 },
      { kind: 'error', status: 529 },
      { kind: 'error', status: 404 },
    );
    const call = async () =>
      (await sdk()
        .messages.create({ model: 'claude-opus-4-1', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] })
        .catch((caught: unknown) => caught)) as InstanceType<typeof Anthropic.APIError>;
    const rateLimited = await call();
    expect(rateLimited).toBeInstanceOf(Anthropic.RateLimitError);
    expect(rateLimited.headers?.get('retry-after')).toBe('3');
    expect(rateLimited.error).toMatchObject({ error: { type: 'rate_limit_error' } });
    const overloaded = await call();
    expect(overloaded.status).toBe(529);
    expect(overloaded.error).toMatchObject({ error: { type: 'overloaded_error', message: 'Overloaded' } });
    const missing = await call();
    expect(missing).toBeInstanceOf(Anthropic.NotFoundError);
    expect(missing.error).toMatchObject({ error: { type: 'not_found_error' } });
  });

  it('sends a mid-stream overloaded error event that the SDK throws', async () => {
    upstream.enqueue('anthropic', { kind: 'stream-error', afterChunks: 1 });
    const stream = sdk().messages.stream({
      model: 'claude-opus-4-1',
      max_tokens: 10,
      messages: [{ role: 'user', content: 'a b c' }],
    });
    const texts: string[] = [];
    stream.on('text', (text) => texts.push(text));
    const error = await stream.finalMessage().catch((caught: unknown) => caught);
    expect(texts).toEqual(['[anthropic:claude-opus-4-1] ']);
    expect(error).toBeInstanceOf(Anthropic.APIError);
    expect(String(error)).toContain('overloaded_error');
  });
});

describe('fake Anthropic messages, raw HTTP', () => {
  it('refuses a wrong x-api-key, a missing key and a missing anthropic-version with the real bodies', async () => {
    const post = (headers: Record<string, string>) =>
      fetch(`${upstream.baseUrls.anthropic}/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ model: 'claude-opus-4-1', max_tokens: 10, messages: [{ role: 'user', content: 'q' }] }),
      });
    const wrong = await post({ 'x-api-key': 'sk-ant-wrong', 'anthropic-version': '2023-06-01' });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({
      type: 'error',
      error: { type: 'authentication_error', message: 'invalid x-api-key' },
    });
    const missing = await post({ 'anthropic-version': '2023-06-01' });
    expect(await missing.json()).toMatchObject({
      error: { type: 'authentication_error', message: 'x-api-key header is required' },
    });
    const unversioned = await post({ 'x-api-key': KEY });
    expect(unversioned.status).toBe(400);
    expect(await unversioned.json()).toMatchObject({ error: { type: 'invalid_request_error' } });
  });
});

describe('fake Anthropic body rules and count_tokens', () => {
  it('refuses a message without max_tokens as the API does, and with a non-integer one', async () => {
    const missing = await sdk()
      .messages.create({
        model: 'claude-opus-4-1',
        messages: [{ role: 'user', content: 'q' }],
      } as unknown as Anthropic.MessageCreateParamsNonStreaming)
      .catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(Anthropic.BadRequestError);
    expect((missing as Error).message).toContain('max_tokens: Field required');
    const fractional = await sdk()
      .messages.create({ model: 'claude-opus-4-1', max_tokens: 1.5, messages: [{ role: 'user', content: 'q' }] })
      .catch((error: unknown) => error);
    expect(fractional).toBeInstanceOf(Anthropic.BadRequestError);
  });

  it('counts tokens for the official SDK and refuses a count without messages', async () => {
    const counted = await sdk().messages.countTokens({
      model: 'claude-opus-4-1',
      messages: [{ role: 'user', content: 'count me' }],
    });
    expect(counted.input_tokens).toBeGreaterThan(0);
    expect(upstream.lastRequest('anthropic')?.path).toBe('/anthropic/v1/messages/count_tokens');
    const refused = await sdk()
      .messages.countTokens({ model: 'claude-opus-4-1' } as unknown as Anthropic.MessageCountTokensParams)
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(Anthropic.BadRequestError);
  });
});

describe('fake Anthropic messages, driven by @ai-sdk/anthropic', () => {
  it('generates with an API key and streams with an OAuth bearer token', async () => {
    const withKey = createAnthropic({ apiKey: KEY, baseURL: upstream.baseUrls.anthropic });
    const generated = await generateText({ model: withKey('claude-opus-4-1'), prompt: 'hello' });
    expect(generated.text).toBe('[anthropic:claude-opus-4-1] you said: hello');
    expect(upstream.lastRequest('anthropic')?.headers['x-api-key']).toBe(KEY);

    const withToken = createAnthropic({ authToken: OAUTH_TOKEN, baseURL: upstream.baseUrls.anthropic });
    const streamed = await collectFullStream(streamText({ model: withToken('claude-sonnet-4-6'), prompt: 'again' }));
    expect(streamed.errors).toEqual([]);
    expect(streamed.text).toBe('[anthropic:claude-sonnet-4-6] you said: again');
    expect(streamed.usage?.outputTokens).toBeGreaterThan(0);
    const recorded = upstream.lastRequest('anthropic');
    expect(recorded?.headers['authorization']).toBe(`Bearer ${OAUTH_TOKEN}`);
    expect(recorded?.headers['x-api-key']).toBeUndefined();
  });

  it('streams a tool call the AI SDK parses into typed input', async () => {
    upstream.enqueue('anthropic', { kind: 'tool-call', name: 'add', arguments: { a: 2, b: 3 } });
    const anthropic = createAnthropic({ apiKey: KEY, baseURL: upstream.baseUrls.anthropic });
    const streamed = await collectFullStream(
      streamText({
        model: anthropic('claude-opus-4-1'),
        prompt: 'add',
        tools: { add: tool({ inputSchema: z.object({ a: z.number(), b: z.number() }) }) },
      }),
    );
    expect(streamed.errors).toEqual([]);
    expect(streamed.toolCalls).toEqual([{ toolName: 'add', input: { a: 2, b: 3 } }]);
  });

  it('turns a mid-stream error event and a cut into visible errors', async () => {
    const anthropic = createAnthropic({ apiKey: KEY, baseURL: upstream.baseUrls.anthropic });
    upstream.enqueue('anthropic', { kind: 'stream-error', afterChunks: 2 }, { kind: 'cut', afterChunks: 1 });
    const errored = await collectFullStream(
      streamText({ model: anthropic('claude-opus-4-1'), prompt: 'x y z', maxRetries: 0, onError: ignoreStreamError }),
    );
    expect(errored.text).toBe('[anthropic:claude-opus-4-1] you ');
    expect(errored.errors.length).toBeGreaterThan(0);
    // An in-band error arrives as an error part and finishReason 'error'…
    expect(errored.threw).toBe(false);
    expect(errored.finishReason).toBe('error');
    const cut = await collectFullStream(
      streamText({ model: anthropic('claude-opus-4-1'), prompt: 'x y z', maxRetries: 0, onError: ignoreStreamError }),
    );
    expect(cut.text).toBe('[anthropic:claude-opus-4-1] ');
    expect(cut.errors.length).toBeGreaterThan(0);
    // …while a transport cut makes iterating fullStream throw, with no finish part.
    expect(cut.threw).toBe(true);
    expect(cut.finishReason).toBeUndefined();
  });
});
