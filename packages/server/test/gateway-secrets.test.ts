import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CANARY, KEYS, MODELS, startHarness, type GatewayHarness } from './gateway-harness.js';

/** A token-shaped canary a client presents by mistake: refused, and never written anywhere. */
const WRONG_TOKEN = `sbl_WRONG-${CANARY}-presented`;

let harness: GatewayHarness;
const seen: string[] = [];

async function record(response: Response): Promise<void> {
  seen.push(JSON.stringify([...response.headers.entries()]), await response.text());
}

beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness.close();
});

describe('secrets stay out of responses and logs', () => {
  it('exercises successes, refusals and upstream failures that echo the key', async () => {
    const { token, url } = harness.gateway;
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const post = (path: string, body: unknown, extra: Record<string, string> = {}) =>
      fetch(`${url}${path}`, { method: 'POST', headers: { ...headers, ...extra }, body: JSON.stringify(body) });

    await record(
      await post('/v1/chat/completions', { model: MODELS.openai, messages: [{ role: 'user', content: 'hi' }] }),
    );
    await record(
      await post('/v1/chat/completions', {
        model: MODELS.anthropic,
        messages: [{ role: 'user', content: 'hi' }],
        stream: true,
      }),
    );

    // Upstreams that echo the credential in their error text (as real ones sometimes do).
    harness.upstream.enqueue('openai', {
      kind: 'error',
      status: 401,
      message: `Incorrect API key provided: ${KEYS.openai}`,
    });
    await record(await post('/v1/responses', { model: MODELS.openai, input: 'hi' }));
    harness.upstream.enqueue('mistral', {
      kind: 'error',
      status: 500,
      message: `internal failure for key ${KEYS.mistral}`,
    });
    await record(
      await post('/v1/chat/completions', { model: MODELS.mistral, messages: [{ role: 'user', content: 'hi' }] }),
    );
    harness.upstream.enqueue('anthropic', {
      kind: 'stream-error',
      afterChunks: 1,
      message: `overloaded while serving ${KEYS.anthropic}`,
    });
    await record(
      await post('/v1/messages', {
        model: MODELS.anthropic,
        max_tokens: 20,
        messages: [{ role: 'user', content: 'hi' }],
        stream: true,
      }),
    );

    // Refusals of the gateway token, both headers.
    await record(await fetch(`${url}/v1/models`, { headers: { authorization: `Bearer ${WRONG_TOKEN}` } }));
    await record(
      await fetch(`${url}/v1/messages`, { method: 'POST', headers: { 'x-api-key': WRONG_TOKEN }, body: '{}' }),
    );
    await record(await fetch(`${url}/readyz`, { headers }));

    const openai = new OpenAI({ baseURL: harness.openaiBaseUrl, apiKey: WRONG_TOKEN, maxRetries: 0 });
    const refused = await openai.models.list().catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(OpenAI.AuthenticationError);
    seen.push((refused as Error).message);
    const anthropic = new Anthropic({ baseURL: harness.anthropicBaseUrl, apiKey: token, maxRetries: 0 });
    harness.upstream.enqueue('anthropic', {
      kind: 'error',
      status: 403,
      message: `key ${KEYS.anthropic} may not use this model`,
    });
    const forbidden = await anthropic.messages
      .create({ model: MODELS.anthropic, max_tokens: 5, messages: [{ role: 'user', content: 'x' }] })
      .catch((error: unknown) => error);
    expect(forbidden).toBeInstanceOf(Anthropic.APIError);
    seen.push((forbidden as Error).message);

    const everything = seen.join('\n');
    expect(everything.length).toBeGreaterThan(1000);
    // The upstream texts did reach the clients, with the key cut out of them.
    expect(everything).toContain('[redacted]');
    expect(everything).not.toContain(CANARY);
    expect(everything).not.toContain(token);
  });

  it('keeps the canaries and the token out of the log file', async () => {
    const { token } = harness.gateway;
    await harness.gateway.close({ drainMs: 1_000 });
    const log = await harness.readLog();
    expect(log.split('\n').filter((line) => line.includes('"msg":"request"')).length).toBeGreaterThanOrEqual(9);
    expect(log).toContain('"errorCode"');
    expect(log).not.toContain(CANARY);
    expect(log).not.toContain(token);
  });
});
