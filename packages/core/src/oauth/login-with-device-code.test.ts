import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { loginWithDeviceCode } from './login-with-device-code.js';
import type { LoginEvent } from './types.js';
import { switchboardFailure } from '../../test/switchboard-failure.js';

/**
 * A scripted RFC 8628 server on 127.0.0.1: the device endpoint answers as configured, the
 * token endpoint plays `answers` in order (oidc-provider never sends slow_down).
 */
async function startDeviceServer(options: {
  interval?: number;
  expiresIn?: number;
  answers: Array<{ status: number; body: Record<string, unknown> }>;
}): Promise<{
  server: Server;
  profile: { tokenEndpoint: string; deviceAuthorizationEndpoint: string; clientId: string; scopes: string[] };
  tokenRequests: URLSearchParams[];
}> {
  const tokenRequests: URLSearchParams[] = [];
  const answers = [...options.answers];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const reply = (status: number, json: Record<string, unknown>): void => {
        response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
        response.end(JSON.stringify(json));
      };
      if (request.url === '/device') {
        reply(200, {
          device_code: 'device-code-canary-0042',
          user_code: 'WDJB-MJHT',
          verification_uri: 'http://127.0.0.1/device',
          verification_uri_complete: 'http://127.0.0.1/device?user_code=WDJB-MJHT',
          expires_in: options.expiresIn ?? 600,
          ...(options.interval === undefined ? {} : { interval: options.interval }),
        });
        return;
      }
      tokenRequests.push(new URLSearchParams(body));
      const next = answers.shift() ?? { status: 400, body: { error: 'authorization_pending' } };
      reply(next.status, next.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  servers.push(server);
  return {
    server,
    profile: {
      tokenEndpoint: `${base}/token`,
      deviceAuthorizationEndpoint: `${base}/device`,
      clientId: 'device-client',
      scopes: ['read'],
    },
    tokenRequests,
  };
}

const servers: Server[] = [];
afterEach(async () => {
  while (servers.length > 0) {
    const server = servers.pop();
    await new Promise<void>((resolve) => server?.close(() => resolve()));
  }
});

const pending = { status: 400, body: { error: 'authorization_pending' } };
const slowDown = { status: 400, body: { error: 'slow_down' } };
const granted = {
  status: 200,
  body: { access_token: 'access-1', token_type: 'Bearer', expires_in: 60, refresh_token: 'refresh-1' },
};

describe('loginWithDeviceCode', () => {
  it('waits the interval between polls, keeps polling on authorization_pending and adds 5 s on slow_down', async () => {
    const { profile, tokenRequests } = await startDeviceServer({
      interval: 2,
      answers: [pending, slowDown, pending, granted],
    });
    const waits: number[] = [];
    const events: LoginEvent[] = [];
    const clock = 1_000_000;
    const tokens = await loginWithDeviceCode({
      profile,
      fetch,
      now: () => clock,
      onEvent: (event) => events.push(event),
      sleep: async (milliseconds) => {
        waits.push(milliseconds);
      },
    });
    expect(waits).toEqual([2000, 2000, 7000, 7000]);
    expect(tokens).toMatchObject({ accessToken: 'access-1', refreshToken: 'refresh-1', expiresAt: clock + 60_000 });
    expect(tokenRequests).toHaveLength(4);
    expect(tokenRequests[0]?.get('grant_type')).toBe('urn:ietf:params:oauth:grant-type:device_code');
    expect(tokenRequests[0]?.get('device_code')).toBe('device-code-canary-0042');
    expect(events[0]).toEqual({
      type: 'device_code',
      verificationUri: 'http://127.0.0.1/device',
      verificationUriComplete: 'http://127.0.0.1/device?user_code=WDJB-MJHT',
      userCode: 'WDJB-MJHT',
      expiresAt: clock + 600_000,
      intervalSeconds: 2,
    });
    expect(events.some((event) => event.type === 'waiting')).toBe(true);
  });

  it('uses 5 s when the server sends no interval', async () => {
    const { profile } = await startDeviceServer({ answers: [granted] });
    const waits: number[] = [];
    await loginWithDeviceCode({ profile, fetch, sleep: async (milliseconds) => void waits.push(milliseconds) });
    expect(waits).toEqual([5000]);
  });

  it('fails with OAUTH_FAILED when the user denies', async () => {
    const { profile } = await startDeviceServer({
      interval: 1,
      answers: [pending, { status: 400, body: { error: 'access_denied' } }],
    });
    const error = await switchboardFailure(loginWithDeviceCode({ profile, fetch, sleep: async () => undefined }));
    expect(error.code).toBe('OAUTH_FAILED');
    expect(error.message).toContain('access_denied');
    expect(error.message).not.toContain('device-code-canary');
  });

  it('fails with TIMEOUT on expired_token', async () => {
    const { profile } = await startDeviceServer({
      interval: 1,
      answers: [{ status: 400, body: { error: 'expired_token' } }],
    });
    const error = await switchboardFailure(loginWithDeviceCode({ profile, fetch, sleep: async () => undefined }));
    expect(error.code).toBe('TIMEOUT');
    expect(error.message).toMatch(/expired/);
  });

  it('stops polling with TIMEOUT once the code expired by the clock, without another request', async () => {
    const { profile, tokenRequests } = await startDeviceServer({ interval: 5, expiresIn: 12, answers: [] });
    let clock = 0;
    const error = await switchboardFailure(
      loginWithDeviceCode({
        profile,
        fetch,
        now: () => clock,
        sleep: async (milliseconds) => {
          clock += milliseconds;
        },
      }),
    );
    expect(error.code).toBe('TIMEOUT');
    // Polls at 5 s and 10 s; a third at 15 s would be past the 12 s expiry.
    expect(tokenRequests).toHaveLength(2);
  });

  it('rides out a transient server failure while polling (the user may already have approved), backing off', async () => {
    const { profile, tokenRequests } = await startDeviceServer({
      interval: 1,
      answers: [
        pending,
        { status: 502, body: {} },
        { status: 503, body: { error: 'temporarily_unavailable' } },
        granted,
      ],
    });
    const waits: number[] = [];
    const tokens = await loginWithDeviceCode({
      profile,
      fetch,
      sleep: async (milliseconds) => void waits.push(milliseconds),
    });
    expect(tokens.accessToken).toBe('access-1');
    expect(tokenRequests).toHaveLength(4);
    expect(waits).toEqual([1000, 1000, 2000, 4000]);
  });

  it('maps a server that keeps failing while polling to PROVIDER_UNAVAILABLE', async () => {
    const down = { status: 502, body: {} };
    const { profile, tokenRequests } = await startDeviceServer({
      interval: 1,
      answers: [down, down, down, down, down, down, down],
    });
    expect((await switchboardFailure(loginWithDeviceCode({ profile, fetch, sleep: async () => undefined }))).code).toBe(
      'PROVIDER_UNAVAILABLE',
    );
    expect(tokenRequests.length).toBeLessThan(7);
  });

  it('is cancelled during the wait by its AbortSignal', async () => {
    const { profile } = await startDeviceServer({ interval: 30, answers: [] });
    const controller = new AbortController();
    const pendingLogin = loginWithDeviceCode({
      profile,
      fetch,
      signal: controller.signal,
      onEvent: (event) => {
        if (event.type === 'device_code') controller.abort();
      },
    });
    expect((await switchboardFailure(pendingLogin)).code).toBe('CANCELLED');
  });
});
