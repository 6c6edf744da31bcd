import { request } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODELS, startHarness, type GatewayHarness } from './gateway-harness.js';

const BODY_TIMEOUT_MS = 400;
let harness: GatewayHarness;

beforeAll(async () => {
  harness = await startHarness({
    gateway: { requestBodyTimeoutMs: BODY_TIMEOUT_MS },
    // Each streamed chunk takes a while: the whole stream lasts well past the body timeout.
    upstream: { chunkDelayMs: 150 },
  });
});
afterAll(async () => {
  await harness.close();
});

/** A raw request with exactly the Host and Origin a browser page would send. */
function get(path: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = request(`${harness.gateway.url}${path}`, { headers }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode!, body }));
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

describe('DNS rebinding: Host and Origin', () => {
  it('answers loopback hosts with the gateway port', async () => {
    const port = harness.gateway.port;
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, `LOCALHOST:${port}`])
      expect((await get('/healthz', { host })).status).toBe(200);
    expect((await get('/healthz', { host: `localhost:${port}`, origin: `http://localhost:5173` })).status).toBe(200);
  });

  it('refuses a foreign Host (a rebound name) even on /healthz, in the API error shape', async () => {
    const port = harness.gateway.port;
    for (const host of [
      `evil.example:${port}`,
      `127.0.0.1:${port + 1}`,
      '127.0.0.1',
      `127.0.0.1.evil.example:${port}`,
    ]) {
      const refused = await get('/healthz', { host });
      expect(refused.status).toBe(403);
      expect(JSON.parse(refused.body)).toMatchObject({ error: { type: 'permission_error' } });
    }
    const anthropic = await get('/v1/messages', { host: `attacker.test:${port}`, 'anthropic-version': '2023-06-01' });
    expect(anthropic.status).toBe(403);
    expect(JSON.parse(anthropic.body)).toMatchObject({ type: 'error', error: { type: 'permission_error' } });
  });

  it('refuses a foreign Origin with a loopback Host', async () => {
    const host = `127.0.0.1:${harness.gateway.port}`;
    for (const origin of ['http://evil.example', 'null', 'file://', `http://127.0.0.1.nip.io:${harness.gateway.port}`])
      expect((await get('/healthz', { host, origin })).status).toBe(403);
  });
});

describe('request-body read timeout', () => {
  it('cuts a client that trickles its body with a valid token, after a bounded time', async () => {
    const socket = connect(harness.gateway.port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    const started = Date.now();
    socket.write(
      [
        'POST /v1/chat/completions HTTP/1.1',
        `Host: 127.0.0.1:${harness.gateway.port}`,
        `Authorization: Bearer ${harness.gateway.token}`,
        'Content-Type: application/json',
        'Content-Length: 100000',
        '',
        '{"model":',
      ].join('\r\n'),
    );
    const trickle = setInterval(() => socket.write(' '), 50);
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
    // The client keeps trickling after the 408: its next write may meet the closed connection (a
    // reset) — the only error this client may see.
    const errors: string[] = [];
    socket.on('error', (error: NodeJS.ErrnoException) => errors.push(error.code ?? error.message));
    await new Promise((resolve) => socket.once('close', resolve));
    clearInterval(trickle);
    expect(errors.every((code) => code === 'ECONNRESET' || code === 'EPIPE')).toBe(true);
    const elapsed = Date.now() - started;
    expect(received).toMatch(/^HTTP\/1\.1 408 /);
    expect(elapsed).toBeGreaterThanOrEqual(BODY_TIMEOUT_MS - 50);
    expect(elapsed).toBeLessThan(5_000);
    expect(harness.upstream.requests).toHaveLength(0);
  });

  it('does not cut a streamed response that lasts longer than the body timeout', async () => {
    const started = Date.now();
    const response = await fetch(`${harness.gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${harness.gateway.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        model: MODELS.openai,
        stream: true,
        messages: [{ role: 'user', content: 'a long answer please' }],
      }),
    });
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(Date.now() - started).toBeGreaterThan(BODY_TIMEOUT_MS * 2);
    expect(text).toContain('data: [DONE]');
  });
});
