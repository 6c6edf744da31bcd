import OpenAI from 'openai';
import { createOpenAI } from '@ai-sdk/openai';
import { generateText, streamText } from 'ai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeUpstream } from '../src/upstreams/start-fake-upstream.js';
import type { FakeUpstream } from '../src/upstreams/types.js';
import { collectFullStream } from './upstreams-helpers.js';

let upstream: FakeUpstream;
beforeAll(async () => {
  upstream = await startFakeUpstream();
});
afterAll(async () => {
  await upstream.close();
});
beforeEach(() => upstream.reset());

function chatRequest(baseUrl: string, body: Record<string, unknown>, signal?: AbortSignal): Promise<Response> {
  return fetch(`${baseUrl}/chat/completions`, {
    method: 'POST',
    headers: { authorization: 'Bearer any-key', 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }], ...body }),
    signal,
  });
}

function settled<T>(promise: Promise<T>): { done: () => boolean; promise: Promise<T> } {
  let done = false;
  void promise.then(
    () => (done = true),
    () => (done = true),
  );
  return { done: () => done, promise };
}

describe('behaviour queues', () => {
  it('uses the provider queue first, then the global queue, then the defaults; reset clears them', async () => {
    upstream.setDefaultBehavior('any', { kind: 'text', text: 'global default' });
    upstream.setDefaultBehavior('openai', { kind: 'text', text: 'openai default' });
    upstream.enqueue('any', { kind: 'text', text: 'from any' });
    upstream.enqueue('openai', { kind: 'text', text: 'from openai' });
    const openai = new OpenAI({ apiKey: 'k', baseURL: upstream.baseUrls.openai, maxRetries: 0 });
    const ask = async () =>
      (await openai.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'q' }] })).choices[0]
        ?.message.content;
    expect(await ask()).toBe('from openai');
    expect(await ask()).toBe('from any');
    expect(await ask()).toBe('openai default');
    upstream.setDefaultBehavior('openai', undefined);
    expect(await ask()).toBe('global default');
    upstream.reset();
    expect(await ask()).toBe('[openai:gpt-4o] you said: q');
    expect(upstream.requests).toHaveLength(1);
  });

  it('answers an unknown path with 404 and lists models per provider', async () => {
    const unknown = await fetch(`${upstream.url}/nowhere/v1/chat`, { method: 'POST', body: '{}' });
    expect(unknown.status).toBe(404);
    const models = new OpenAI({ apiKey: 'k', baseURL: upstream.baseUrls.openai, maxRetries: 0 }).models.list();
    const ids: string[] = [];
    for await (const model of models) ids.push(model.id);
    expect(ids).toContain('gpt-5');
    const anthropicModels = await fetch(`${upstream.baseUrls.anthropic}/models`, { headers: { 'x-api-key': 'k' } });
    expect(await anthropicModels.json()).toMatchObject({
      has_more: false,
      data: expect.arrayContaining([expect.objectContaining({ type: 'model' })]),
    });
  });
});

describe('slow first byte, hang, and close', () => {
  it('delays the status line, then plays the chained behaviour', async () => {
    upstream.enqueue(
      'openai',
      { kind: 'slow-first-byte', delayMs: 30_000 },
      { kind: 'slow-first-byte', delayMs: 20, then: { kind: 'text', text: 'late but here' } },
    );
    const controller = new AbortController();
    const slow = settled(chatRequest(upstream.baseUrls.openai, {}, controller.signal));
    const chained = await chatRequest(upstream.baseUrls.openai, {});
    expect(
      ((await chained.json()) as { choices: { message: { content: string } }[] }).choices[0]?.message.content,
    ).toBe('late but here');
    // The 30 s one has sent nothing yet although a later request already completed.
    expect(slow.done()).toBe(false);
    controller.abort();
    await expect(slow.promise).rejects.toThrow(/abort/i);
  });

  it('hangs until the client aborts, while the other providers keep answering', async () => {
    upstream.setDefaultBehavior('gemini', { kind: 'hang' });
    const google = fetch(`${upstream.baseUrls.gemini}/models/gemini-2.5-pro:generateContent`, {
      method: 'POST',
      headers: { 'x-goog-api-key': 'k', 'content-type': 'application/json' },
      body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'x' }] }] }),
      signal: AbortSignal.timeout(200),
    });
    const openai = createOpenAI({ apiKey: 'k', baseURL: upstream.baseUrls.openai });
    const answered = await generateText({ model: openai.chat('gpt-4o'), prompt: 'still there?' });
    expect(answered.text).toBe('[openai:gpt-4o] you said: still there?');
    await expect(google).rejects.toThrow();
    expect(upstream.lastRequest('gemini')?.model).toBe('gemini-2.5-pro');
  });

  it('an AI SDK call against a hang is ended by its abort signal', async () => {
    upstream.enqueue('openai', { kind: 'hang' });
    const openai = createOpenAI({ apiKey: 'k', baseURL: upstream.baseUrls.openai });
    const controller = new AbortController();
    const pending = generateText({
      model: openai.chat('gpt-4o'),
      prompt: 'x',
      maxRetries: 0,
      abortSignal: controller.signal,
    });
    while (upstream.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    await expect(pending).rejects.toThrow(/abort/i);
  });

  it('close() ends hung requests and open streams', async () => {
    const own = await startFakeUpstream({ chunkDelayMs: 60_000 });
    own.enqueue('openai', { kind: 'hang' });
    const hung = chatRequest(own.baseUrls.openai, {});
    const streaming = await (async () => {
      while (own.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      return chatRequest(own.baseUrls.openai, { stream: true });
    })();
    const reader = streaming.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toContain('chat.completion.chunk');
    await own.close();
    await expect(hung).rejects.toThrow();
    await expect(
      (async () => {
        for (;;) {
          const next = await reader.read();
          if (next.done) return 'ended cleanly';
        }
      })(),
    ).rejects.toThrow();
  });
});

describe('cuts and errors outside streams', () => {
  it('a non-streaming cut truncates the JSON body', async () => {
    upstream.enqueue('openai', { kind: 'cut', afterChunks: 0 });
    const response = await chatRequest(upstream.baseUrls.openai, {});
    expect(response.status).toBe(200);
    await expect(response.json()).rejects.toThrow();
  });

  it('a cut stream ends without [DONE] and the reader fails', async () => {
    upstream.enqueue('openai', { kind: 'cut', afterChunks: 1 });
    const response = await chatRequest(upstream.baseUrls.openai, { stream: true });
    let received = '';
    const failure = await (async () => {
      const decoder = new TextDecoder();
      for await (const chunk of response.body!) received += decoder.decode(chunk);
    })().catch((caught: unknown) => caught);
    expect(failure).toBeInstanceOf(Error);
    expect(received).toContain('"content":"[openai:gpt-4o] "');
    expect(received).not.toContain('[DONE]');
  });

  it('stream-error on a non-streaming request is a 500 in the provider shape', async () => {
    upstream.enqueue('openai', { kind: 'stream-error', afterChunks: 0 });
    const response = await chatRequest(upstream.baseUrls.openai, {});
    expect(response.status).toBe(500);
    expect(await response.json()).toMatchObject({ error: { type: 'server_error' } });
  });

  it('spaces deltas with chunkDelayMs and still delivers the whole answer', async () => {
    const paced = await startFakeUpstream({ chunkDelayMs: 2 });
    try {
      const openai = createOpenAI({ apiKey: 'k', baseURL: paced.baseUrls.openai });
      const streamed = await collectFullStream(
        streamText({ model: openai.chat('gpt-4o'), prompt: 'one two three four' }),
      );
      expect(streamed.errors).toEqual([]);
      expect(streamed.text).toBe('[openai:gpt-4o] you said: one two three four');
    } finally {
      await paced.close();
    }
  });

  it('Gemini without alt=sse streams a JSON array', async () => {
    const response = await fetch(`${upstream.baseUrls.gemini}/models/gemini-2.5-pro:streamGenerateContent`, {
      method: 'POST',
      headers: { 'x-goog-api-key': 'k', 'content-type': 'application/json' },
      body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'arr' }] }] }),
    });
    const body = (await response.json()) as { candidates: { content: { parts: { text: string }[] } }[] }[];
    expect(Array.isArray(body)).toBe(true);
    expect(body[0]?.candidates[0]?.content.parts[0]?.text).toBe('[gemini:gemini-2.5-pro] you said: arr');
  });
});

describe('load', () => {
  it('serves 500 concurrent streams, each complete', async () => {
    const count = 500;
    const bodies = await Promise.all(
      Array.from({ length: count }, async (_, index) => {
        const response = await chatRequest(upstream.baseUrls.openai, {
          stream: true,
          messages: [{ role: 'user', content: `request ${index}` }],
        });
        return response.text();
      }),
    );
    for (const [index, body] of bodies.entries()) {
      expect(body.endsWith('data: [DONE]\n\n')).toBe(true);
      const text = body
        .split('\n\n')
        .filter((block) => block.startsWith('data: {'))
        .map(
          (block) =>
            (JSON.parse(block.slice(6)) as { choices: { delta: { content?: string } }[] }).choices[0]?.delta.content ??
            '',
        )
        .join('');
      expect(text).toBe(`[openai:gpt-4o] you said: request ${index}`);
    }
    expect(upstream.requests).toHaveLength(count);
  });
});
