import { afterEach, describe, expect, it } from 'vitest';
import type { CountingProxy } from './counting-proxy.js';
import {
  MODELS,
  startHarness,
  startHarnessBehindCountingProxy,
  waitFor,
  type GatewayHarness,
} from './gateway-harness.js';

let harness: GatewayHarness | undefined;
let proxy: CountingProxy | undefined;

afterEach(async () => {
  await harness?.close();
  await proxy?.close();
  harness = undefined;
  proxy = undefined;
});

function post(gateway: GatewayHarness, path: string, body: unknown, signal?: AbortSignal): Promise<Response> {
  return fetch(`${gateway.gateway.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${gateway.gateway.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
    ...(signal ? { signal } : {}),
  });
}

describe('client disconnects', () => {
  it('closes the upstream connection when the client leaves before the first byte', async () => {
    ({ harness, proxy } = await startHarnessBehindCountingProxy());
    harness.upstream.enqueue('anthropic', { kind: 'hang' });
    const client = new AbortController();
    const pending = post(
      harness,
      '/v1/chat/completions',
      { model: MODELS.anthropic, messages: [{ role: 'user', content: 'hi' }], stream: true },
      client.signal,
    );
    const counting = proxy!;
    await waitFor(() => harness!.upstream.requests.length === 1 && counting.openConnections === 1);
    client.abort();
    await expect(pending).rejects.toThrow();
    // The fake upstream would hang forever: only the gateway giving up closes this connection.
    await waitFor(() => counting.openConnections === 0);
    await waitFor(() => harness!.gateway.openRequests === 0);
  });

  it('closes the upstream connection when the client leaves mid-stream', async () => {
    ({ harness, proxy } = await startHarnessBehindCountingProxy({ upstream: { chunkDelayMs: 20 } }));
    const words = Array.from({ length: 400 }, (_, index) => `word${index} `);
    harness.upstream.enqueue('mistral', { kind: 'text', chunks: words });
    const client = new AbortController();
    const response = await post(
      harness,
      '/v1/messages',
      { model: MODELS.mistral, max_tokens: 5000, messages: [{ role: 'user', content: 'long' }], stream: true },
      client.signal,
    );
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let seen = '';
    while (!seen.includes('word2 ')) seen += decoder.decode((await reader.read()).value);
    client.abort();
    const counting = proxy!;
    await waitFor(() => counting.openConnections === 0);
    // Each frame of this wire is over 150 bytes, so the whole answer is over 60 KB: far less came
    // back, so the stream was stopped at the upstream, not finished and thrown away.
    expect(counting.bytesFromUpstream).toBeLessThan((words.length * 150) / 2);
    await waitFor(() => harness!.gateway.openRequests === 0);
  });
});

describe('graceful shutdown', () => {
  it('lets an open stream finish before closing', async () => {
    harness = await startHarness({ upstream: { chunkDelayMs: 10 } });
    const words = Array.from({ length: 30 }, (_, index) => `w${index} `);
    harness.upstream.enqueue('openai', { kind: 'text', chunks: words });
    const response = await post(harness, '/v1/chat/completions', {
      model: MODELS.openai,
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
    });
    const reader = response.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(first).toContain('chat.completion.chunk');
    const closed = harness.gateway.close({ drainMs: 30_000 });
    let rest = first;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      rest += new TextDecoder().decode(value);
    }
    await closed;
    expect(rest).toContain('data: [DONE]');
    expect(rest).toContain('w29 ');
    await expect(fetch(`${harness.gateway.url}/healthz`)).rejects.toThrow();
  });

  it('ends streams still open after the drain time with an explicit error event', async () => {
    harness = await startHarness({ upstream: { chunkDelayMs: 50 } });
    harness.upstream.enqueue('anthropic', { kind: 'text', chunks: Array.from({ length: 2_000 }, () => 'tick ') });
    const response = await post(harness, '/v1/messages', {
      model: MODELS.anthropic,
      max_tokens: 5000,
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
    });
    const body = response.text();
    await harness.gateway.close({ drainMs: 200 });
    const text = await body;
    expect(text).toContain('text_delta');
    expect(text.trim().split('\n\n').at(-1)).toMatch(/^event: error\n/);
    expect(text).toContain('shutting down');
    expect(text).not.toContain('message_stop');
  });
});

describe('load', () => {
  it('holds 500 concurrent streams, each complete and in order', async () => {
    harness = await startHarness();
    harness.upstream.setDefaultBehavior('openai', { kind: 'text', chunks: ['a ', 'b ', 'c ', 'd ', 'e'] });
    const gateway = harness;
    const results = await Promise.all(
      Array.from({ length: 500 }, async (_, index) => {
        const response = await post(gateway, '/v1/chat/completions', {
          model: MODELS.openai,
          messages: [{ role: 'user', content: `n${index}` }],
          stream: true,
        });
        return { status: response.status, text: await response.text() };
      }),
    );
    for (const result of results) {
      expect(result.status).toBe(200);
      const content = [...result.text.matchAll(/"content":"([^"]*)"/g)].map((match) => match[1]).join('');
      expect(content).toBe('a b c d e');
      expect(result.text.endsWith('data: [DONE]\n\n')).toBe(true);
    }
    expect(harness.upstream.requests).toHaveLength(500);
    await waitFor(() => gateway.gateway.openRequests === 0);
  }, 120_000);
});
