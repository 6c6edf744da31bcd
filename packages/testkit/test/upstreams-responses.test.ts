import OpenAI from 'openai';
import { createOpenAI } from '@ai-sdk/openai';
import { APICallError, generateText, streamText, tool } from 'ai';
import { z } from 'zod';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeUpstream } from '../src/upstreams/start-fake-upstream.js';
import type { FakeUpstream } from '../src/upstreams/types.js';
import { collectFullStream, ignoreStreamError } from './upstreams-helpers.js';

const KEY = 'sk-test-responses-0001';
const CHATGPT_TOKEN = 'chatgpt-access-token-0001';
const ACCOUNT_ID = 'acct-1234';

let upstream: FakeUpstream;
beforeAll(async () => {
  upstream = await startFakeUpstream({
    expectedCredentials: { openai: KEY, codex: CHATGPT_TOKEN },
    expectedChatGptAccountId: ACCOUNT_ID,
  });
});
afterAll(async () => {
  await upstream.close();
});
beforeEach(() => upstream.reset());

function sdk(): OpenAI {
  return new OpenAI({ apiKey: KEY, baseURL: upstream.baseUrls.openai, maxRetries: 0 });
}

describe('fake OpenAI Responses, driven by the official openai SDK', () => {
  it('answers non-streaming with output_text and usage', async () => {
    const response = await sdk().responses.create({ model: 'gpt-5', input: 'hello responses' });
    expect(response.object).toBe('response');
    expect(response.status).toBe('completed');
    expect(response.output_text).toBe('[openai:gpt-5] you said: hello responses');
    expect(response.usage?.output_tokens).toBeGreaterThan(0);
    expect(upstream.lastRequest('openai')?.protocol).toBe('openai-responses');
  });

  it('streams the real event sequence and ends with response.completed', async () => {
    upstream.enqueue('openai', { kind: 'text', chunks: ['A', 'B', 'C'], usage: { inputTokens: 4, outputTokens: 3 } });
    const stream = await sdk().responses.create({
      model: 'gpt-5',
      input: [{ role: 'user', content: [{ type: 'input_text', text: 'go' }] }],
      stream: true,
    });
    const types: string[] = [];
    const sequence: number[] = [];
    let text = '';
    let completedUsage: unknown;
    for await (const event of stream) {
      types.push(event.type);
      sequence.push(event.sequence_number);
      if (event.type === 'response.output_text.delta') text += event.delta;
      if (event.type === 'response.completed') completedUsage = event.response.usage;
    }
    expect(types).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(sequence).toEqual(types.map((_, index) => index));
    expect(text).toBe('ABC');
    expect(completedUsage).toMatchObject({ input_tokens: 4, output_tokens: 3, total_tokens: 7 });
  });

  it('streams a function call with arguments deltas that the SDK stream helper assembles', async () => {
    upstream.enqueue('openai', { kind: 'tool-call', name: 'search', arguments: { q: 'fake upstream' } });
    const final = await sdk()
      .responses.stream({
        model: 'gpt-5',
        input: 'search',
        tools: [{ type: 'function', name: 'search', parameters: null, strict: false }],
      })
      .finalResponse();
    const call = final.output[0];
    expect(call?.type).toBe('function_call');
    expect(call?.type === 'function_call' ? JSON.parse(call.arguments) : undefined).toEqual({ q: 'fake upstream' });
  });

  it('maps HTTP errors to SDK classes', async () => {
    upstream.enqueue('openai', { kind: 'error', status: 429, retryAfterSeconds: 2 }, { kind: 'error', status: 404 });
    const rateLimited = await sdk()
      .responses.create({ model: 'gpt-5', input: 'x' })
      .catch((caught: unknown) => caught);
    expect(rateLimited).toBeInstanceOf(OpenAI.RateLimitError);
    const missing = await sdk()
      .responses.create({ model: 'gpt-nope', input: 'x' })
      .catch((caught: unknown) => caught);
    expect(missing).toBeInstanceOf(OpenAI.NotFoundError);
    expect((missing as InstanceType<typeof OpenAI.NotFoundError>).code).toBe('model_not_found');
  });
});

describe('fake OpenAI Responses, driven by @ai-sdk/openai (responses is its default API)', () => {
  const openai = () => createOpenAI({ apiKey: KEY, baseURL: upstream.baseUrls.openai });

  it('generates and streams', async () => {
    const generated = await generateText({ model: openai()('gpt-5'), prompt: 'one' });
    expect(generated.text).toBe('[openai:gpt-5] you said: one');
    const streamed = await collectFullStream(streamText({ model: openai()('gpt-5'), prompt: 'two' }));
    expect(streamed.errors).toEqual([]);
    expect(streamed.text).toBe('[openai:gpt-5] you said: two');
    expect(streamed.usage?.outputTokens).toBeGreaterThan(0);
    expect(upstream.lastRequest('openai')?.path).toBe('/openai/v1/responses');
  });

  it('streams a function call', async () => {
    upstream.enqueue('openai', { kind: 'tool-call', name: 'weather', arguments: { city: 'Oslo' } });
    const streamed = await collectFullStream(
      streamText({
        model: openai()('gpt-5'),
        prompt: 'w',
        tools: { weather: tool({ inputSchema: z.object({ city: z.string() }) }) },
      }),
    );
    expect(streamed.errors).toEqual([]);
    expect(streamed.toolCalls).toEqual([{ toolName: 'weather', input: { city: 'Oslo' } }]);
  });

  it('reports response.failed mid-stream as an error after the partial text', async () => {
    upstream.enqueue('openai', { kind: 'stream-error', afterChunks: 1, message: 'model crashed' });
    const streamed = await collectFullStream(
      streamText({ model: openai()('gpt-5'), prompt: 'p q', maxRetries: 0, onError: ignoreStreamError }),
    );
    expect(streamed.text).toBe('[openai:gpt-5] ');
    expect(streamed.errors.length).toBeGreaterThan(0);
    expect(String((streamed.errors[0] as Error).message ?? streamed.errors[0])).toContain('model crashed');
  });
});

describe('fake Codex backend (ChatGPT sign-in)', () => {
  const codex = (headers: Record<string, string>) =>
    createOpenAI({ apiKey: CHATGPT_TOKEN, baseURL: upstream.baseUrls.codex, headers });

  it('streams Responses events when the bearer token and ChatGPT-Account-Id are right', async () => {
    const streamed = await collectFullStream(
      streamText({
        model: codex({ 'ChatGPT-Account-Id': ACCOUNT_ID })('gpt-5-codex'),
        prompt: 'refactor',
        providerOptions: { openai: { store: false } },
      }),
    );
    expect(streamed.errors).toEqual([]);
    expect(streamed.text).toBe('[codex:gpt-5-codex] you said: refactor');
    const recorded = upstream.lastRequest('codex');
    expect(recorded?.path).toBe('/chatgpt/backend-api/codex/responses');
    expect(recorded?.headers['authorization']).toBe(`Bearer ${CHATGPT_TOKEN}`);
    expect(recorded?.headers['chatgpt-account-id']).toBe(ACCOUNT_ID);
  });

  it('answers 401 without the account id header, and 400 for a non-streaming request', async () => {
    const noAccount = await generateText({ model: codex({})('gpt-5-codex'), prompt: 'x', maxRetries: 0 }).catch(
      (caught: unknown) => caught,
    );
    expect(APICallError.isInstance(noAccount) && noAccount.statusCode).toBe(401);
    const nonStreaming = await generateText({
      model: codex({ 'ChatGPT-Account-Id': ACCOUNT_ID })('gpt-5-codex'),
      prompt: 'x',
      maxRetries: 0,
    }).catch((caught: unknown) => caught);
    expect(APICallError.isInstance(nonStreaming) && nonStreaming.statusCode).toBe(400);
    expect(APICallError.isInstance(nonStreaming) && nonStreaming.responseBody).toContain('Stream must be set to true');
  });

  it('answers an expired token with token_expired and a rate limit with usage_limit_reached', async () => {
    const expired = await fetch(`${upstream.baseUrls.codex}/responses`, {
      method: 'POST',
      headers: {
        authorization: 'Bearer expired',
        'chatgpt-account-id': ACCOUNT_ID,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ model: 'gpt-5-codex', input: 'x', stream: true }),
    });
    expect(expired.status).toBe(401);
    expect(await expired.json()).toMatchObject({ error: { code: 'token_expired' } });

    upstream.enqueue('codex', { kind: 'error', status: 429, retryAfterSeconds: 60 });
    const limited = await fetch(`${upstream.baseUrls.codex}/responses`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${CHATGPT_TOKEN}`,
        'chatgpt-account-id': ACCOUNT_ID,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ model: 'gpt-5-codex', input: 'x', stream: true }),
    });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('60');
    const limitedBody = (await limited.json()) as { error: { resets_at: number } };
    expect(limitedBody).toMatchObject({
      error: { type: 'usage_limit_reached', plan_type: 'plus', resets_in_seconds: 60 },
    });
    // The Codex CLI reads `resets_at` (Unix seconds): about a minute from now.
    expect(Math.abs(limitedBody.error.resets_at - (Math.floor(Date.now() / 1000) + 60))).toBeLessThanOrEqual(2);
  });
});

describe('fake Responses body rules', () => {
  it('refuses a temperature that is not a number from 0 to 2, naming it, as the API does', async () => {
    const client = sdk();
    const typed = await client.responses
      .create({ model: 'gpt-5', input: 'x', temperature: 'hot' as unknown as number })
      .catch((error: unknown) => error);
    expect(typed).toBeInstanceOf(OpenAI.BadRequestError);
    expect((typed as Error).message).toContain("Invalid type for 'temperature'");
    const high = await client.responses
      .create({ model: 'gpt-5', input: 'x', temperature: 3 })
      .catch((error: unknown) => error);
    expect(high).toBeInstanceOf(OpenAI.BadRequestError);
    const fine = await client.responses.create({ model: 'gpt-5', input: 'x', temperature: 1.5 });
    expect(fine.status).toBe('completed');
  });
});
