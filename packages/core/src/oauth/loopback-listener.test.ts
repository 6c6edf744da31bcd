import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { isSwitchboardError } from '../errors.js';
import { startLoopbackListener, type LoopbackListener } from './loopback-listener.js';

const STATE = 'state-abc-123';
const cleanups: Array<() => Promise<void>> = [];

afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

async function start(options: Partial<Parameters<typeof startLoopbackListener>[0]> = {}): Promise<LoopbackListener> {
  const listener = await startLoopbackListener({ expectedState: STATE, ...options });
  cleanups.push(() => listener.close());
  return listener;
}

async function occupyPort(host = '127.0.0.1'): Promise<Server> {
  const server = createServer((_request, response) => response.end('occupied'));
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return server;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== 'object' || address === null) throw new Error('no address');
  return address.port;
}

function portOf(server: Server): number {
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('no address');
  return address.port;
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('startLoopbackListener', () => {
  it('listens on 127.0.0.1 at an ephemeral port, serves the success page and resolves with the callback URL', async () => {
    const listener = await start();
    expect(listener.port).toBeGreaterThan(0);
    expect(listener.redirectUri).toBe(`http://127.0.0.1:${listener.port}/callback`);

    const response = await fetch(`${listener.redirectUri}?code=the-code&state=${STATE}&iss=http%3A%2F%2Fissuer`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('Signed in');

    const callbackUrl = await listener.callback;
    expect(callbackUrl.origin + callbackUrl.pathname).toBe(listener.redirectUri);
    expect(callbackUrl.searchParams.get('code')).toBe('the-code');
    expect(callbackUrl.searchParams.get('state')).toBe(STATE);
    expect(callbackUrl.searchParams.get('iss')).toBe('http://issuer');
  });

  it('closes the server once the callback arrived', async () => {
    const listener = await start();
    await fetch(`${listener.redirectUri}?code=c&state=${STATE}`).then((response) => response.text());
    await listener.callback;
    await listener.close();
    await expect(fetch(listener.redirectUri)).rejects.toThrow();
  });

  it('is bound to 127.0.0.1 only: another loopback address of the same port is refused', async () => {
    const listener = await start();
    // 127.0.0.2 routes to the loopback interface too; a server bound to all interfaces would answer.
    await expect(fetch(`http://127.0.0.2:${listener.port}/callback`)).rejects.toThrow();
    const response = await fetch(`http://127.0.0.1:${listener.port}/elsewhere`);
    expect(response.status).toBe(404);
  });

  it('uses the configured path and answers 404 elsewhere while it keeps waiting', async () => {
    const listener = await start({ path: '/auth/callback' });
    expect(listener.redirectUri).toMatch(/\/auth\/callback$/);

    const other = await fetch(`http://127.0.0.1:${listener.port}/callback?code=c&state=${STATE}`);
    expect(other.status).toBe(404);
    const favicon = await fetch(`http://127.0.0.1:${listener.port}/favicon.ico`);
    expect(favicon.status).toBe(404);

    const response = await fetch(`${listener.redirectUri}?code=real&state=${STATE}`);
    expect(response.status).toBe(200);
    expect((await listener.callback).searchParams.get('code')).toBe('real');
  });

  it('falls back to the next configured port when the preferred one is taken', async () => {
    const taken = await occupyPort();
    const fallback = await freePort();
    const listener = await start({ port: portOf(taken), fallbackPorts: [fallback] });
    expect(listener.port).toBe(fallback);
    expect(listener.redirectUri).toBe(`http://127.0.0.1:${fallback}/callback`);
  });

  it('fails with a clear error when every configured port is taken', async () => {
    const first = await occupyPort();
    const second = await occupyPort();
    const error = await rejection(
      startLoopbackListener({ expectedState: STATE, port: portOf(first), fallbackPorts: [portOf(second)] }),
    );
    expect(isSwitchboardError(error, 'OAUTH_FAILED')).toBe(true);
    expect((error as Error).message).toContain(String(portOf(first)));
    expect((error as Error).message).toMatch(/in use/);
  });

  it('answers a stray callback with another state 400 and keeps waiting for the right one', async () => {
    const listener = await start();
    let settled = false;
    void listener.callback.then(
      () => (settled = true),
      () => (settled = true),
    );
    const response = await fetch(`${listener.redirectUri}?code=stolen-code&state=not-the-state`);
    expect(response.status).toBe(400);
    const page = await response.text();
    expect(page).toMatch(/state mismatch/);
    expect(page).not.toContain('stolen-code');
    const withoutState = await fetch(`${listener.redirectUri}?code=c`);
    expect(withoutState.status).toBe(400);
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);

    const real = await fetch(`${listener.redirectUri}?code=the-real-code&state=${STATE}`);
    expect(real.status).toBe(200);
    expect((await listener.callback).searchParams.get('code')).toBe('the-real-code');
  });

  it('with host localhost names localhost in the redirect and answers on 127.0.0.1 and on ::1', async () => {
    const listener = await start({ host: 'localhost', path: '/auth/callback' });
    expect(listener.redirectUri).toBe(`http://localhost:${listener.port}/auth/callback`);
    const ipv4 = await fetch(`http://127.0.0.1:${listener.port}/elsewhere`);
    expect(ipv4.status).toBe(404);
    let ipv6: Response;
    try {
      ipv6 = await fetch(`http://[::1]:${listener.port}/elsewhere`);
    } catch {
      // A machine without an IPv6 loopback: the listener serves 127.0.0.1 alone (checked above).
      return;
    }
    expect(ipv6.status).toBe(404);
    const response = await fetch(`http://[::1]:${listener.port}/auth/callback?code=v6&state=${STATE}`);
    expect(response.status).toBe(200);
    expect((await listener.callback).searchParams.get('code')).toBe('v6');
  });

  it('with host localhost treats a port taken on ::1 as taken and moves to the fallback', async () => {
    const v6 = createServer((_request, response) => response.end('occupied'));
    const bound = await new Promise<boolean>((resolve) => {
      v6.once('error', () => resolve(false));
      v6.listen({ port: 0, host: '::1', ipv6Only: true }, () => resolve(true));
    });
    if (!bound) {
      // No IPv6 loopback here: a localhost listener still binds, on 127.0.0.1.
      expect((await start({ host: 'localhost' })).port).toBeGreaterThan(0);
      return;
    }
    cleanups.push(() => new Promise<void>((resolve) => v6.close(() => resolve())));
    const fallback = await freePort();
    const listener = await start({ host: 'localhost', port: portOf(v6), fallbackPorts: [fallback] });
    expect(listener.port).toBe(fallback);
  });

  it('shows an error page and fails with OAUTH_FAILED on error=…', async () => {
    const listener = await start();
    const response = await fetch(
      `${listener.redirectUri}?error=access_denied&error_description=User%20said%20%3Cno%3E&state=${STATE}`,
    );
    expect(response.status).toBe(400);
    const page = await response.text();
    expect(page).toContain('access_denied');
    expect(page).toContain('User said &#60;no&#62;');
    const error = await rejection(listener.callback);
    expect(isSwitchboardError(error, 'OAUTH_FAILED')).toBe(true);
    expect((error as Error).message).toContain('access_denied');
  });

  it('times out with TIMEOUT and closes the server', async () => {
    const listener = await start({ timeoutMs: 50 });
    const error = await rejection(listener.callback);
    expect(isSwitchboardError(error, 'TIMEOUT')).toBe(true);
    expect((error as Error).message).toMatch(/No sign-in arrived/);
    await listener.close();
    await expect(fetch(listener.redirectUri)).rejects.toThrow();
  });

  it('is cancelled by its AbortSignal with CANCELLED', async () => {
    const controller = new AbortController();
    const listener = await start({ signal: controller.signal });
    controller.abort();
    expect(isSwitchboardError(await rejection(listener.callback), 'CANCELLED')).toBe(true);
    await listener.close();
    await expect(fetch(listener.redirectUri)).rejects.toThrow();
  });

  it('close() before a callback rejects the pending wait with CANCELLED', async () => {
    const listener = await start();
    await listener.close();
    expect(isSwitchboardError(await rejection(listener.callback), 'CANCELLED')).toBe(true);
  });
});
