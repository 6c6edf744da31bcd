import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OVERHEAD_HEADER } from '../src/index.js';
import type { CountingProxy } from './counting-proxy.js';
import {
  CANARY,
  KEYS,
  MODELS,
  startHarness,
  startHarnessBehindCountingProxy,
  waitFor,
  type GatewayHarness,
} from './gateway-harness.js';

/** A catalog model served over OpenAI chat completions: an OpenAI client on it is passed through. */
const CHAT_MODEL = 'gw-chat';
const UPSTREAM_ID = 'gpt-gw-upstream-1';
const CHAT_MODEL_CONFIG = [
  `[models."${CHAT_MODEL}"]`,
  'provider = "openai"',
  'transport = "openai-chat"',
  'methods = ["api-key"]',
  `upstream_id = "${UPSTREAM_ID}"`,
  'context_window = 128000',
  'price = { input = 1, output = 2 }',
].join('\n');

let harness: GatewayHarness;
let openai: OpenAI;
let anthropic: Anthropic;

beforeAll(async () => {
  harness = await startHarness({ config: CHAT_MODEL_CONFIG });
  openai = new OpenAI({ baseURL: harness.openaiBaseUrl, apiKey: harness.gateway.token, maxRetries: 0 });
  anthropic = new Anthropic({ baseURL: harness.anthropicBaseUrl, apiKey: harness.gateway.token, maxRetries: 0 });
});
afterAll(async () => {
  await harness.close();
});
beforeEach(() => harness.upstream.reset());

async function usageLines(): Promise<Array<Record<string, unknown>>> {
  const text = await readFile(join(harness.home, 'usage.jsonl'), 'utf8').catch(() => '');
  return text
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('same-wire pass-through: the official openai client on an openai-chat route', () => {
  it('generates: the caller’s extra fields reach the upstream with its model id; the answer names the upstream model', async () => {
    harness.upstream.enqueue('openai', {
      kind: 'text',
      text: 'Passed through.',
      usage: { inputTokens: 7, outputTokens: 3 },
    });
    const raw = await openai.chat.completions
      .create({
        model: CHAT_MODEL,
        messages: [{ role: 'user', content: 'hello' }],
        seed: 42,
        logit_bias: { '50256': -100 },
      })
      .withResponse();
    const completion = raw.data;
    expect(completion.choices[0]?.message.content).toBe('Passed through.');
    expect(completion.usage).toMatchObject({ prompt_tokens: 7, completion_tokens: 3 });
    // Decided: a passed-through answer keeps the upstream's own model field (no rewrite of its bytes).
    expect(completion.model).toBe(UPSTREAM_ID);
    expect(Number(raw.response.headers.get(OVERHEAD_HEADER))).toBeGreaterThanOrEqual(0);
    const sent = harness.upstream.lastRequest('openai');
    expect(sent).toMatchObject({ path: '/openai/v1/chat/completions', model: UPSTREAM_ID, credential: KEYS.openai });
    expect(sent?.body).toMatchObject({ seed: 42, logit_bias: { '50256': -100 } });
    // The client's gateway token is never sent upstream.
    expect(JSON.stringify(sent?.headers)).not.toContain(harness.gateway.token);
  });

  it('forwards the caller’s own bytes with only the model (and the usage request) spliced in', async () => {
    harness.upstream.setDefaultBehavior('openai', {
      kind: 'text',
      chunks: ['ok'],
      usage: { inputTokens: 1, outputTokens: 1 },
    });
    // Written as no serialiser would: indentation, escapes JSON.stringify would undo, a nested
    // "model" key, the model last. A re-serialised body would differ in every one of them.
    const content = 'caf\\u00e9 \\"quoted\\" {\\"model\\": \\"not-this\\"} ✓ 𝄞';
    const text = `{\n  "messages" : [ {"role":"user", "content":"${content}"} ],\n  "stream": true ,\n  "metadata": {"model": "nested"},\n  "model": "${CHAT_MODEL}"\n}`;
    for (const streamOptions of [undefined, '{"include_usage": true}']) {
      const body =
        streamOptions === undefined
          ? text
          : text.replace('"stream": true ,', `"stream": true , "stream_options": ${streamOptions},`);
      const response = await fetch(`${harness.openaiBaseUrl}/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${harness.gateway.token}`, 'content-type': 'application/json' },
        body,
      });
      expect(response.status).toBe(200);
      await response.text();
      const sent = harness.upstream.lastRequest('openai')!;
      const expected = body.replace(`"model": "${CHAT_MODEL}"`, `"model": ${JSON.stringify(UPSTREAM_ID)}`);
      // The gateway asks for the usage chunk when the caller did not, and only then.
      expect(sent.rawBody).toBe(
        streamOptions === undefined ? expected.replace('{', '{"stream_options":{"include_usage":true},') : expected,
      );
      expect((sent.body as { messages: Array<{ content: string }> }).messages[0]?.content).toBe(
        'café "quoted" {"model": "not-this"} ✓ 𝄞',
      );
    }
  });

  it('leaves what routing does not read to the upstream: a body broken below its top level reaches it as sent, and its refusal is the caller’s 400', async () => {
    const body = `{"model":"${CHAT_MODEL}","messages":[{"role":"user","content":"hi"},],"stream":false}`;
    const response = await fetch(`${harness.openaiBaseUrl}/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${harness.gateway.token}`, 'content-type': 'application/json' },
      body,
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { type: 'invalid_request_error' } });
    expect(harness.upstream.lastRequest('openai')!.rawBody).toBe(
      body.replace(`"model":"${CHAT_MODEL}"`, `"model":${JSON.stringify(UPSTREAM_ID)}`),
    );
  });

  it('streams, with the usage chunk only for a client that asked for it, and records usage', async () => {
    harness.upstream.setDefaultBehavior('openai', {
      kind: 'text',
      chunks: ['Stre', 'amed ', 'through.'],
      usage: { inputTokens: 5, outputTokens: 3 },
    });
    const plain = await openai.chat.completions.create({
      model: CHAT_MODEL,
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
    });
    let text = '';
    const chunks: OpenAI.ChatCompletionChunk[] = [];
    for await (const chunk of plain) {
      chunks.push(chunk);
      text += chunk.choices[0]?.delta.content ?? '';
    }
    expect(text).toBe('Streamed through.');
    expect(chunks.every((chunk) => chunk.choices.length > 0)).toBe(true);

    const withUsage = await openai.chat.completions.create({
      model: CHAT_MODEL,
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of withUsage) usage = chunk.usage ?? usage;
    expect(usage).toMatchObject({ prompt_tokens: 5, completion_tokens: 3 });
    expect(
      harness.upstream.requests.map((request) => (request.body as { stream_options?: unknown }).stream_options),
    ).toEqual([{ include_usage: true }, { include_usage: true }]);

    // Usage lines are written off the answer's path: wait for both (never for a time).
    const streamed = async () =>
      (await usageLines()).filter((line) => line['model'] === CHAT_MODEL && line['inputTokens'] === 5);
    await waitFor(async () => (await streamed()).length >= 2);
    expect((await streamed()).map((line) => [line['inputTokens'], line['outputTokens'], line['outcome']])).toEqual([
      [5, 3, 'ok'],
      [5, 3, 'ok'],
    ]);
  });

  it('raises APIError when the upstream is cut mid-stream, never a clean end', async () => {
    harness.upstream.enqueue('openai', { kind: 'cut', afterChunks: 2, text: 'alpha beta gamma delta' });
    const stream = await openai.chat.completions.create({
      model: CHAT_MODEL,
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
    });
    let text = '';
    const error = await (async () => {
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    })().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as InstanceType<typeof OpenAI.APIError>).code).toBe('stream_interrupted');
    expect(text).toBe('alpha beta ');
  });

  it('an upstream refusal before the first byte is the client’s typed error, in the OpenAI shape, without the upstream body', async () => {
    harness.upstream.enqueue('openai', {
      kind: 'error',
      status: 400,
      message: `Invalid request for key ${KEYS.openai}`,
    });
    const error = await openai.chat.completions
      .create({ model: CHAT_MODEL, messages: [{ role: 'user', content: 'hi' }], stream: true })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(JSON.stringify(error)).not.toContain(CANARY);
    expect(String((error as Error).message)).not.toContain(CANARY);
  });
});

describe('same-wire pass-through: the official anthropic client on an anthropic-messages route', () => {
  it('streams the upstream’s events as they are, tool use included', async () => {
    harness.upstream.enqueue('anthropic', { kind: 'tool-call', name: 'get_weather', arguments: { city: 'Paris' } });
    let clientVersion: string | null = null;
    const watched = new Anthropic({
      baseURL: harness.anthropicBaseUrl,
      apiKey: harness.gateway.token,
      maxRetries: 0,
      fetch: (input: string | URL | Request, init?: RequestInit) => {
        clientVersion = new Headers(init?.headers).get('anthropic-version');
        return fetch(input, init);
      },
    });
    const stream = watched.messages.stream({
      model: MODELS.anthropic,
      max_tokens: 100,
      messages: [{ role: 'user', content: 'weather?' }],
      tools: [{ name: 'get_weather', input_schema: { type: 'object', properties: { city: { type: 'string' } } } }],
    });
    const message = await stream.finalMessage();
    expect(message.stop_reason).toBe('tool_use');
    expect(message.content.find((block) => block.type === 'tool_use')).toMatchObject({
      name: 'get_weather',
      input: { city: 'Paris' },
    });
    // The client's own API version goes upstream (the client knows which version it speaks).
    expect(clientVersion).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(harness.upstream.lastRequest('anthropic')?.headers['anthropic-version']).toBe(clientVersion);
  });

  // Last here: a long Retry-After pauses the route for the rest of this file.
  it('a 429 before the first byte is a RateLimitError with retry-after, the key scrubbed', async () => {
    harness.upstream.enqueue('anthropic', {
      kind: 'error',
      status: 429,
      retryAfterSeconds: 30,
      message: `Slow down ${KEYS.anthropic}`,
    });
    const error = await anthropic.messages
      .create({ model: MODELS.anthropic, max_tokens: 50, messages: [{ role: 'user', content: 'hi' }], stream: true })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Anthropic.RateLimitError);
    expect((error as InstanceType<typeof Anthropic.RateLimitError>).headers?.get('retry-after')).toBe('30');
    expect(JSON.stringify(error)).not.toContain(CANARY);
    expect(String((error as Error).message)).not.toContain(CANARY);
  });
});

describe('same-wire pass-through: client disconnects', () => {
  let proxied: GatewayHarness | undefined;
  let proxy: CountingProxy | undefined;
  afterEach(async () => {
    await proxied?.close();
    await proxy?.close();
  });

  it('closes the upstream connection when the client leaves mid-stream', async () => {
    ({ harness: proxied, proxy } = await startHarnessBehindCountingProxy({ upstream: { chunkDelayMs: 20 } }));
    const words = Array.from({ length: 400 }, (_, index) => `word${index} `);
    proxied.upstream.enqueue('anthropic', { kind: 'text', chunks: words });
    const client = new AbortController();
    const response = await fetch(`${proxied.gateway.url}/v1/messages`, {
      method: 'POST',
      headers: {
        'x-api-key': proxied.gateway.token,
        'content-type': 'application/json',
        'anthropic-version': '2023-06-01',
      },
      body: JSON.stringify({
        model: MODELS.anthropic,
        max_tokens: 5000,
        messages: [{ role: 'user', content: 'long' }],
        stream: true,
      }),
      signal: client.signal,
    });
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let seen = '';
    while (!seen.includes('word2 ')) seen += decoder.decode((await reader.read()).value);
    client.abort();
    const counting = proxy!;
    await waitFor(() => counting.openConnections === 0);
    expect(counting.bytesFromUpstream).toBeLessThan((words.length * 150) / 2);
    const gateway = proxied;
    await waitFor(() => gateway.gateway.openRequests === 0);
  });
});
