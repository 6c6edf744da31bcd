import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MODELS, startHarness, waitFor, type GatewayHarness } from './gateway-harness.js';

let harness: GatewayHarness;
let auth: Record<string, string>;

beforeAll(async () => {
  harness = await startHarness({ gateway: { bodyLimitBytes: 64 * 1024 } });
  auth = { authorization: `Bearer ${harness.gateway.token}`, 'content-type': 'application/json' };
});
afterAll(async () => {
  await harness.close();
});
beforeEach(() => harness.upstream.reset());

const chat = (body: unknown, headers: Record<string, string> = auth): Promise<Response> =>
  fetch(`${harness.gateway.url}/v1/chat/completions`, {
    method: 'POST',
    headers,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
const messages = (
  body: unknown,
  headers: Record<string, string> = { 'x-api-key': harness.gateway.token, 'content-type': 'application/json' },
): Promise<Response> =>
  fetch(`${harness.gateway.url}/v1/messages`, {
    method: 'POST',
    headers,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('health and the token', () => {
  it('answers /healthz without a token', async () => {
    const response = await fetch(`${harness.gateway.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('requires the token for /readyz and reports each provider', async () => {
    expect((await fetch(`${harness.gateway.url}/readyz`)).status).toBe(401);
    const response = await fetch(`${harness.gateway.url}/readyz`, { headers: auth });
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      status: string;
      providers: Record<string, { status: string; method: string | null }>;
    };
    expect(body.status).toBe('ready');
    expect(body.providers['openai']).toMatchObject({ status: 'ready', method: 'api-key' });
    expect(body.providers['google']).toMatchObject({ status: 'unconfigured', method: null });
  });

  it('refuses a missing token in the OpenAI shape and a wrong one in the Anthropic shape', async () => {
    const openai = await chat(
      { model: MODELS.openai, messages: [{ role: 'user', content: 'hi' }] },
      { 'content-type': 'application/json' },
    );
    expect(openai.status).toBe(401);
    expect(await openai.json()).toMatchObject({
      error: { type: 'authentication_error', code: 'invalid_api_key', param: null },
    });

    const anthropic = await messages(
      { model: MODELS.anthropic, max_tokens: 5, messages: [] },
      { 'x-api-key': 'sbl_wrong', 'content-type': 'application/json' },
    );
    expect(anthropic.status).toBe(401);
    expect(await anthropic.json()).toMatchObject({ type: 'error', error: { type: 'authentication_error' } });
    expect(harness.upstream.requests).toHaveLength(0);
  });

  it('accepts the token as x-api-key on OpenAI routes and as a bearer on Anthropic routes', async () => {
    const viaKey = await chat(
      { model: MODELS.openai, messages: [{ role: 'user', content: 'hi' }] },
      { 'x-api-key': harness.gateway.token, 'content-type': 'application/json' },
    );
    expect(viaKey.status).toBe(200);
    const viaBearer = await messages(
      { model: MODELS.anthropic, max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] },
      auth,
    );
    expect(viaBearer.status).toBe(200);
  });

  it('echoes x-request-id and reports the overhead on every response', async () => {
    const ok = await chat(
      { model: MODELS.openai, messages: [{ role: 'user', content: 'hi' }] },
      { ...auth, 'x-request-id': 'trace-123' },
    );
    expect(ok.headers.get('x-request-id')).toBe('trace-123');
    const overhead = Number(ok.headers.get('x-switchboard-overhead-ms'));
    expect(Number.isFinite(overhead) && overhead >= 0).toBe(true);

    const refused = await chat({}, { 'content-type': 'application/json' });
    expect(refused.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(refused.headers.get('x-switchboard-overhead-ms')).not.toBeNull();

    const streamed = await chat({ model: MODELS.openai, messages: [{ role: 'user', content: 'hi' }], stream: true });
    expect(streamed.headers.get('x-switchboard-overhead-ms')).not.toBeNull();
    await streamed.text();
  });
});

describe('bad input', () => {
  it('refuses malformed JSON with 400 in each API shape', async () => {
    const openai = await chat('{"model": "gpt-5-mini", "messages": [');
    expect(openai.status).toBe(400);
    expect(await openai.json()).toMatchObject({ error: { type: 'invalid_request_error', code: 'invalid_json' } });
    const anthropic = await messages('not json at all');
    expect(anthropic.status).toBe(400);
    expect(await anthropic.json()).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
  });

  it('refuses a body broken below its top level with the same invalid_json on every route that has to read it', async () => {
    // Mistral's route rewrites the body (same wire), Claude's translates it: both must parse it.
    for (const model of [MODELS.mistral, MODELS.anthropic]) {
      const response = await chat(`{"model": "${model}", "messages": [oops], "max_tokens": 5}`);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({
        error: { type: 'invalid_request_error', code: 'invalid_json', message: 'The request body is not valid JSON.' },
      });
    }
    expect(harness.upstream.requests).toHaveLength(0);
  });

  it('refuses wrong types with 400 naming the field', async () => {
    const response = await chat({ model: MODELS.openai, messages: [{ role: 'user', content: 42 }] });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { param: string; message: string } };
    expect(body.error.param).toBe('messages.0.content');
    const noModel = await messages({ max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] });
    expect(noModel.status).toBe(400);
    expect(((await noModel.json()) as { error: { message: string } }).error.message).toContain('model');
    expect(harness.upstream.requests).toHaveLength(0);
  });

  it('passes a same-wire request on unchecked but for model and stream: the upstream judges the rest', async () => {
    const badTemperature = await fetch(`${harness.gateway.url}/v1/responses`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ model: MODELS.openai, input: 'x', temperature: 'hot' }),
    });
    expect(badTemperature.status).toBe(400);
    expect(((await badTemperature.json()) as { error: { message: string } }).error.message).toContain('temperature');
    expect(harness.upstream.requests.map((request) => request.path)).toEqual(['/openai/v1/responses']);
    const badStream = await fetch(`${harness.gateway.url}/v1/responses`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ model: MODELS.openai, input: 'x', stream: 'yes' }),
    });
    expect(badStream.status).toBe(400);
    expect(((await badStream.json()) as { error: { param: string } }).error.param).toBe('stream');
    expect(harness.upstream.requests).toHaveLength(1);
  });

  it('refuses a tool result that answers no tool call', async () => {
    const response = await chat({
      model: MODELS.openai,
      messages: [
        { role: 'user', content: 'hi' },
        { role: 'tool', tool_call_id: 'call_nope', content: 'x' },
      ],
    });
    expect(response.status).toBe(400);
  });

  it('answers an unknown model with 404 and an unknown route with 404', async () => {
    const model = await messages({
      model: 'gpt-unknown-model',
      max_tokens: 5,
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(model.status).toBe(404);
    expect(await model.json()).toMatchObject({ error: { type: 'not_found_error' } });
    const route = await fetch(`${harness.gateway.url}/v1/embeddings`, { method: 'POST', headers: auth, body: '{}' });
    expect(route.status).toBe(404);
    expect(await route.json()).toMatchObject({ error: { type: 'invalid_request_error' } });
  });

  it('refuses an oversized body with 413, declared or chunked', async () => {
    const huge = JSON.stringify({
      model: MODELS.openai,
      messages: [{ role: 'user', content: 'x'.repeat(100 * 1024) }],
    });
    const declared = await chat(huge);
    expect(declared.status).toBe(413);
    expect(await declared.json()).toMatchObject({ error: { code: 'request_too_large' } });

    const encoder = new TextEncoder();
    const chunked = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let index = 0; index < 20; index++) controller.enqueue(encoder.encode('x'.repeat(8 * 1024)));
        controller.close();
      },
    });
    const response = await fetch(`${harness.gateway.url}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': harness.gateway.token, 'content-type': 'application/json' },
      body: chunked,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ type: 'error', error: { type: 'request_too_large' } });
    expect(harness.upstream.requests).toHaveLength(0);
  });
});

describe('upstream cut mid-stream', () => {
  it('ends an OpenAI chat stream with an error chunk and no [DONE]', async () => {
    harness.upstream.enqueue('openai', { kind: 'cut', afterChunks: 2, text: 'one two three four five six' });
    const response = await chat({ model: MODELS.openai, messages: [{ role: 'user', content: 'hi' }], stream: true });
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toContain('"content":"one "');
    const frames = text.trim().split('\n\n');
    expect(JSON.parse(frames.at(-1)!.replace(/^data: /, ''))).toMatchObject({
      error: { message: expect.any(String), code: expect.any(String) },
    });
    expect(text).not.toContain('[DONE]');
    expect(text).not.toContain('"finish_reason":"stop"');
  });

  it('ends an Anthropic stream with event: error and no message_stop', async () => {
    harness.upstream.enqueue('anthropic', { kind: 'cut', afterChunks: 1, text: 'alpha beta gamma delta' });
    const response = await messages({
      model: MODELS.anthropic,
      max_tokens: 50,
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
    });
    const text = await response.text();
    expect(text).toContain('event: message_start');
    expect(text.trim().split('\n\n').at(-1)).toMatch(
      /^event: error\ndata: \{"type":"error","error":\{"type":"api_error"/,
    );
    expect(text).not.toContain('message_stop');
  });

  it('ends a Responses stream with response.failed and error, never response.completed', async () => {
    harness.upstream.enqueue('mistral', { kind: 'stream-error', afterChunks: 1, message: 'model crashed' });
    const response = await fetch(`${harness.gateway.url}/v1/responses`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ model: MODELS.mistral, input: 'hi', stream: true }),
    });
    const text = await response.text();
    expect(text).toContain('event: response.failed');
    expect(text.trim().split('\n\n').at(-1)).toMatch(/^event: error\n/);
    expect(text).not.toContain('response.completed');
  });
});

describe('non-stream answers in both shapes', () => {
  it('returns a plain Responses body to a client without the SDK', async () => {
    harness.upstream.enqueue('openai', { kind: 'text', text: 'plain' });
    const response = await fetch(`${harness.gateway.url}/v1/responses`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ model: MODELS.openai, input: 'hi' }),
    });
    const body = (await response.json()) as { object: string; status: string; output: Array<{ type: string }> };
    expect(body).toMatchObject({
      object: 'response',
      status: 'completed',
      output: [{ type: 'message', content: [{ type: 'output_text', text: 'plain' }] }],
    });
  });

  it('writes access log lines with request ids and never the token', async () => {
    await waitFor(async () => (await harness.readLog()).includes('"path":"/v1/responses"'));
    const log = await harness.readLog();
    expect(log).toContain('"reqId"');
    expect(log).not.toContain(harness.gateway.token);
  });
});
