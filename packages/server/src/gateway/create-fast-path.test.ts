import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODELS, startHarness, type GatewayHarness } from '../../test/gateway-harness.js';
import { fastPathFor } from './create-fast-path.js';

describe('fastPathFor: which requests skip Hono', () => {
  it.each([
    ['POST', '/v1/chat/completions', '/v1/chat/completions'],
    ['POST', '/v1/responses', '/v1/responses'],
    ['POST', '/v1/messages', '/v1/messages'],
    // Claude Code's query.
    ['POST', '/v1/messages?beta=true', '/v1/messages'],
  ])('takes %s %s', (method, url, path) => {
    expect(fastPathFor(method, url)).toBe(path);
  });

  it.each([
    ['GET', '/v1/responses'], // Codex's WebSocket attempt: Hono answers 426
    ['GET', '/v1/models'],
    ['GET', '/healthz'],
    ['GET', '/readyz'],
    ['POST', '/v1/messages/count_tokens'],
    ['POST', '/v1/chat/completions/'],
    ['POST', '/v1/chat/completions2'],
    ['OPTIONS', '/v1/chat/completions'],
    ['HEAD', '/v1/messages'],
    ['POST', '/v2/chat/completions'],
    ['POST', undefined],
    [undefined, '/v1/messages'],
  ])('leaves %s %s to Hono', (method, url) => {
    expect(fastPathFor(method, url)).toBeUndefined();
  });
});

describe('a gateway with the fast path in front of Hono', () => {
  let harness: GatewayHarness;
  let url: string;
  let token: string;
  beforeAll(async () => {
    harness = await startHarness({ gateway: { bodyLimitBytes: 4 * 1024 } });
    url = harness.gateway.url;
    token = harness.gateway.token;
  });
  afterAll(async () => {
    await harness.close();
  });

  const post = (path: string, body: unknown, headers: Record<string, string>) =>
    fetch(`${url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  it('answers a model request with who served it, the request id and the overhead', async () => {
    const response = await post(
      '/v1/chat/completions',
      { model: MODELS.mistral, messages: [{ role: 'user', content: 'hi' }] },
      { authorization: `Bearer ${token}`, 'x-request-id': 'fast-1' },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toBe('fast-1');
    expect(Number(response.headers.get('x-switchboard-overhead-ms'))).toBeGreaterThanOrEqual(0);
    expect(response.headers.get('x-switchboard-provider')).toBe('mistral');
    expect(((await response.json()) as { object: string }).object).toBe('chat.completion');
  });

  it('refuses in each API’s shape, with its status, the request id and the overhead', async () => {
    const wrongToken = await post(
      '/v1/messages?beta=true',
      { model: MODELS.anthropic, max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] },
      { 'x-api-key': 'sbl_wrong-token-of-the-right-size-000000000000' },
    );
    expect(wrongToken.status).toBe(401);
    expect(wrongToken.headers.get('x-request-id')).toBeTruthy();
    expect(wrongToken.headers.get('x-switchboard-overhead-ms')).toBeTruthy();
    expect(await wrongToken.json()).toMatchObject({ type: 'error', error: { type: 'authentication_error' } });

    const notJson = await post('/v1/responses', '{"model":', { authorization: `Bearer ${token}` });
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toMatchObject({ error: { code: 'invalid_json' } });

    const noModel = await post('/v1/chat/completions', { messages: [] }, { authorization: `Bearer ${token}` });
    expect(noModel.status).toBe(400);
    expect(await noModel.json()).toMatchObject({ error: { param: 'model' } });

    const unknown = await post(
      '/v1/chat/completions',
      { model: 'no-such-model', messages: [{ role: 'user', content: 'hi' }] },
      { authorization: `Bearer ${token}` },
    );
    expect(unknown.status).toBe(404);

    const badSession = await post(
      '/v1/chat/completions',
      { model: MODELS.mistral, messages: [{ role: 'user', content: 'hi' }] },
      { authorization: `Bearer ${token}`, 'x-switchboard-session': 'not a name!' },
    );
    expect(badSession.status).toBe(400);
  });

  it('refuses a body over the limit with 413 before reading it, and closes that connection', async () => {
    const response = await post(
      '/v1/chat/completions',
      { model: MODELS.mistral, messages: [{ role: 'user', content: 'x'.repeat(8 * 1024) }] },
      { authorization: `Bearer ${token}` },
    );
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ error: { code: 'request_too_large' } });
  });

  it('leaves everything else to Hono: health, readiness, models, token counts, the WebSocket refusal, 404', async () => {
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const auth = { authorization: `Bearer ${token}` };
    expect((await fetch(`${url}/readyz`, { headers: auth })).status).toBe(200);
    expect((await fetch(`${url}/v1/models`, { headers: auth })).status).toBe(200);
    expect((await fetch(`${url}/v1/responses`, { headers: auth })).status).toBe(426);
    const counted = await post(
      '/v1/messages/count_tokens',
      { model: MODELS.anthropic, messages: [{ role: 'user', content: 'hi' }] },
      { 'x-api-key': token },
    );
    expect(counted.status).toBe(200);
    const missing = await post('/v1/chat/completions/', {}, auth);
    expect(missing.status).toBe(404);
  });
});
