import OpenAI from 'openai';
import { createOpenAI } from '@ai-sdk/openai';
import { generateText, streamText } from 'ai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeUpstream } from '../src/upstreams/start-fake-upstream.js';
import type { FakeUpstream } from '../src/upstreams/types.js';
import { collectFullStream, ignoreStreamError } from './upstreams-helpers.js';

const KEY = 'sk-test-openai-key-0001';

let upstream: FakeUpstream;
beforeAll(async () => {
  upstream = await startFakeUpstream({ expectedCredentials: { openai: KEY } });
});
afterAll(async () => {
  await upstream.close();
});
beforeEach(() => upstream.reset());

function sdk(apiKey = KEY): OpenAI {
  return new OpenAI({ apiKey, baseURL: upstream.baseUrls.openai, maxRetries: 0 });
}

describe('fake OpenAI chat completions, driven by the official openai SDK', () => {
  it('answers non-streaming with the deterministic echo and real usage fields', async () => {
    const completion = await sdk().chat.completions.create({
      model: 'gpt-4o',
      messages: [
        { role: 'system', content: 'be brief' },
        { role: 'user', content: 'hi there' },
      ],
    });
    expect(completion.object).toBe('chat.completion');
    expect(completion.choices[0]?.message.content).toBe('[openai:gpt-4o] you said: hi there');
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    expect(completion.usage?.completion_tokens).toBeGreaterThan(0);
    expect(completion.usage?.total_tokens).toBe(
      (completion.usage?.prompt_tokens ?? 0) + (completion.usage?.completion_tokens ?? 0),
    );
    const recorded = upstream.lastRequest('openai');
    expect(recorded?.headers['authorization']).toBe(`Bearer ${KEY}`);
    expect(recorded).toMatchObject({
      protocol: 'openai-chat',
      model: 'gpt-4o',
      stream: false,
      credential: KEY,
      authorized: true,
    });
  });

  it('streams chunks, a usage chunk when include_usage is set, then [DONE]', async () => {
    upstream.enqueue('openai', {
      kind: 'text',
      chunks: ['Hel', 'lo', ' world'],
      usage: { inputTokens: 7, outputTokens: 3 },
    });
    const stream = await sdk().chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'hello' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const deltas: string[] = [];
    let usage: OpenAI.CompletionUsage | undefined | null;
    let finishReason: string | null | undefined;
    for await (const chunk of stream) {
      expect(chunk.object).toBe('chat.completion.chunk');
      const choice = chunk.choices[0];
      if (choice?.delta.content) deltas.push(choice.delta.content);
      if (choice?.finish_reason) finishReason = choice.finish_reason;
      if (chunk.usage) usage = chunk.usage;
    }
    expect(deltas).toEqual(['Hel', 'lo', ' world']);
    expect(finishReason).toBe('stop');
    expect(usage).toMatchObject({ prompt_tokens: 7, completion_tokens: 3, total_tokens: 10 });
  });

  it('streams a tool call as delta.tool_calls and the SDK helper reassembles it', async () => {
    upstream.enqueue('openai', {
      kind: 'tool-call',
      name: 'get_weather',
      arguments: { city: 'Paris', unit: 'celsius' },
    });
    const runner = sdk().chat.completions.stream({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'weather?' }],
      tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: {} } } }],
    });
    const completion = await runner.finalChatCompletion();
    const call = completion.choices[0]?.message.tool_calls?.[0];
    expect(completion.choices[0]?.finish_reason).toBe('tool_calls');
    expect(call?.type === 'function' ? call.function.name : undefined).toBe('get_weather');
    expect(call?.type === 'function' ? JSON.parse(call.function.arguments) : undefined).toEqual({
      city: 'Paris',
      unit: 'celsius',
    });
  });

  it('refuses a wrong key with the real 401 body and x-request-id', async () => {
    const error = await sdk('sk-wrong')
      .chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
    const apiError = error as InstanceType<typeof OpenAI.AuthenticationError>;
    expect(apiError.status).toBe(401);
    expect(apiError.code).toBe('invalid_api_key');
    expect(apiError.type).toBe('invalid_request_error');
    expect(apiError.requestID).toMatch(/^req_/);
    expect(upstream.lastRequest('openai')?.authorized).toBe(false);
  });

  it('refuses a body that is not JSON with 400 and OpenAI’s own message', async () => {
    const response = await fetch(`${upstream.baseUrls.openai}/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      body: '{"model":"gpt-4o","messages":[{"role":"user","content":"hi"},]}',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: {
        message: expect.stringMatching(/^We could not parse the JSON body of your request\. \(HINT: /),
        type: 'invalid_request_error',
        param: null,
        code: null,
      },
    });
  });

  it('maps 429 (with retry-after), 500 and 503 to the SDK error classes', async () => {
    upstream.enqueue(
      'openai',
      { kind: 'error', status: 429, retryAfterSeconds: 7 },
      { kind: 'error', status: 500 },
      { kind: 'error', status: 503 },
      { kind: 'error', status: 429, errorType: 'insufficient_quota' },
    );
    const call = () =>
      sdk()
        .chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] })
        .catch((caught: unknown) => caught);
    const rateLimited = (await call()) as InstanceType<typeof OpenAI.RateLimitError>;
    expect(rateLimited).toBeInstanceOf(OpenAI.RateLimitError);
    expect(rateLimited.headers.get('retry-after')).toBe('7');
    expect(rateLimited.code).toBe('rate_limit_exceeded');
    expect(await call()).toBeInstanceOf(OpenAI.InternalServerError);
    const unavailable = (await call()) as InstanceType<typeof OpenAI.APIError>;
    expect(unavailable.status).toBe(503);
    const quota = (await call()) as InstanceType<typeof OpenAI.APIError>;
    expect(quota.status).toBe(429);
    expect(quota.code).toBe('insufficient_quota');
  });

  it('reports an in-band stream error as an APIError from the SDK stream', async () => {
    upstream.enqueue('openai', { kind: 'stream-error', afterChunks: 2, message: 'upstream exploded' });
    const stream = await sdk().chat.completions.create({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'a b c d' }],
      stream: true,
    });
    const seen: string[] = [];
    const error = await (async () => {
      for await (const chunk of stream) {
        if (chunk.choices[0]?.delta.content) seen.push(chunk.choices[0].delta.content);
      }
    })().catch((caught: unknown) => caught);
    expect(seen.join('')).toBe('[openai:gpt-4o] you ');
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect(String((error as Error).message)).toContain('upstream exploded');
  });
});

describe('fake OpenAI chat completions, driven by @ai-sdk/openai', () => {
  it('generates and streams with openai.chat()', async () => {
    const openai = createOpenAI({ apiKey: KEY, baseURL: upstream.baseUrls.openai });
    const generated = await generateText({ model: openai.chat('gpt-4.1'), prompt: 'ping' });
    expect(generated.text).toBe('[openai:gpt-4.1] you said: ping');
    expect(generated.usage.outputTokens).toBeGreaterThan(0);

    const streamed = await collectFullStream(streamText({ model: openai.chat('gpt-4.1'), prompt: 'pong' }));
    expect(streamed.text).toBe('[openai:gpt-4.1] you said: pong');
    expect(streamed.errors).toEqual([]);
    expect(streamed.finishReason).toBe('stop');
    expect(upstream.lastRequest('openai')?.body).toMatchObject({
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(streamed.usage?.outputTokens).toBeGreaterThan(0);
  });

  it('surfaces a mid-stream cut as an error part, keeping the partial text', async () => {
    upstream.enqueue('openai', { kind: 'cut', afterChunks: 2 });
    const openai = createOpenAI({ apiKey: KEY, baseURL: upstream.baseUrls.openai });
    const streamed = await collectFullStream(
      streamText({ model: openai.chat('gpt-4.1'), prompt: 'one two three', maxRetries: 0, onError: ignoreStreamError }),
    );
    expect(streamed.text).toBe('[openai:gpt-4.1] you ');
    expect(streamed.errors.length).toBeGreaterThan(0);
  });
});

describe('fake upstream script', () => {
  it('decides a request by what it asks before the queues, and falls through when it returns nothing', async () => {
    const scripted = await startFakeUpstream({
      script: ({ body }) =>
        JSON.stringify(body).includes('CALL-A-TOOL')
          ? { kind: 'tool-call', name: 'lookup', arguments: { q: 'x' } }
          : undefined,
    });
    try {
      scripted.enqueue('openai', { kind: 'text', text: 'from the queue' });
      const client = new OpenAI({ apiKey: KEY, baseURL: scripted.baseUrls.openai, maxRetries: 0 });
      const tool = await client.chat.completions.create({
        model: 'gpt-4o',
        messages: [{ role: 'user', content: 'CALL-A-TOOL please' }],
        tools: [{ type: 'function', function: { name: 'lookup', parameters: { type: 'object' } } }],
      });
      expect(tool.choices[0]?.message.tool_calls?.[0]).toMatchObject({ function: { name: 'lookup' } });
      const queued = await client.chat.completions.create({
        model: 'gpt-4o',
        messages: [{ role: 'user', content: 'just talk' }],
      });
      expect(queued.choices[0]?.message.content).toBe('from the queue');
    } finally {
      await scripted.close();
    }
  });
});
