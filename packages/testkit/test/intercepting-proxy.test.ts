import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent, ProxyAgent, fetch as undiciFetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInterceptingProxy, type InterceptingProxy } from '../src/index.js';

// The client side is undici's own ProxyAgent (what Node's fetch uses), not our code.
let upstream: Server;
let upstreamPort: number;
let proxy: InterceptingProxy;
let guarded: InterceptingProxy;

beforeAll(async () => {
  upstream = createServer((request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(
      JSON.stringify({
        path: request.url,
        host: request.headers.host,
        auth: request.headers['proxy-authorization'] ?? null,
      }),
    );
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  upstreamPort = (upstream.address() as AddressInfo).port;
  proxy = await startInterceptingProxy({ hosts: { 'api.example.test': upstreamPort } });
  guarded = await startInterceptingProxy({
    hosts: { 'api.example.test': upstreamPort },
    credentials: { username: 'alice', password: 'proxy-canary-pw' },
  });
});

afterAll(async () => {
  await proxy.close();
  await guarded.close();
  await new Promise((resolve) => upstream.close(resolve));
});

const through = (target: InterceptingProxy, options: { ca?: string; token?: string; tunnel?: boolean } = {}) =>
  new ProxyAgent({
    uri: target.url,
    ...(options.token ? { token: options.token } : {}),
    ...(options.tunnel === false ? { proxyTunnel: false } : {}),
    requestTls: options.ca ? { ca: options.ca } : {},
  });

/** Every message down an error's cause chain (undici nests the proxy's answer two levels deep). */
function chain(error: unknown): string {
  const messages: string[] = [];
  for (let current = error; current instanceof Error; current = current.cause) messages.push(current.message);
  return messages.join(' <- ');
}

describe('startInterceptingProxy', () => {
  it('tunnels HTTPS to a mapped host with a certificate from its CA, and forwards the decrypted request', async () => {
    const dispatcher = through(proxy, { ca: proxy.caPem });
    const response = await undiciFetch('https://api.example.test/v1/models?x=1', { dispatcher });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ path: '/v1/models?x=1', host: 'api.example.test', auth: null });
    expect(proxy.exchanges()).toContainEqual(
      expect.objectContaining({ kind: 'connect', host: 'api.example.test', port: 443, status: 200 }),
    );
    expect(proxy.exchanges()).toContainEqual(
      expect.objectContaining({ kind: 'connect', method: 'GET', path: '/v1/models?x=1', status: 200 }),
    );
    await dispatcher.close();
  });

  it('presents a certificate a client without its CA refuses', async () => {
    const dispatcher = through(proxy);
    const failure = await undiciFetch('https://api.example.test/', { dispatcher }).catch((error: unknown) => error);
    expect((failure as { cause?: { code?: string } }).cause?.code).toMatch(/SELF_SIGNED|UNABLE_TO_(GET_ISSUER|VERIFY)/);
    await dispatcher.close();
  });

  it('forwards plain HTTP requests in absolute form', async () => {
    const dispatcher = through(proxy, { tunnel: false });
    const response = await undiciFetch('http://api.example.test/plain', { dispatcher });
    expect(await response.json()).toMatchObject({ path: '/plain' });
    expect(proxy.exchanges()).toContainEqual(expect.objectContaining({ kind: 'forward', path: '/plain', status: 200 }));
    await dispatcher.close();
  });

  it('refuses hosts it does not map (502), so it is the only way out to mapped ones', async () => {
    const dispatcher = through(proxy, { ca: proxy.caPem });
    const failure = await undiciFetch('https://elsewhere.test/', { dispatcher }).catch((error: unknown) => error);
    expect(chain(failure)).toMatch(/Proxy response \(502\)/);
    await dispatcher.close();
    // Direct, without the proxy, the name does not resolve.
    const direct = new Agent();
    const lost = await undiciFetch('https://api.example.test/', { dispatcher: direct }).catch(
      (error: unknown) => error,
    );
    expect((lost as { cause?: { code?: string } }).cause?.code).toMatch(/ENOTFOUND|EAI_AGAIN/);
    await direct.close();
  });

  it('requires the configured credentials (407 with a Basic challenge) and strips them before the upstream', async () => {
    const anonymous = through(guarded, { ca: guarded.caPem });
    const refused = await undiciFetch('https://api.example.test/', { dispatcher: anonymous }).catch(
      (error: unknown) => error,
    );
    expect(chain(refused)).toMatch(/Proxy response \(407\)/);
    const wrong = through(guarded, {
      ca: guarded.caPem,
      token: `Basic ${Buffer.from('alice:nope').toString('base64')}`,
    });
    await expect(undiciFetch('https://api.example.test/', { dispatcher: wrong })).rejects.toThrow();
    const right = through(guarded, {
      ca: guarded.caPem,
      token: `Basic ${Buffer.from('alice:proxy-canary-pw').toString('base64')}`,
    });
    const response = await undiciFetch('https://api.example.test/ok', { dispatcher: right });
    expect(await response.json()).toMatchObject({ path: '/ok', auth: null });
    const plain = through(guarded, { tunnel: false });
    const forwarded = await undiciFetch('http://api.example.test/', { dispatcher: plain }).catch(
      (error: unknown) => error,
    );
    expect(chain(forwarded)).toMatch(/Proxy Authentication Required \(407\)/);
    expect(guarded.exchanges().filter((exchange) => exchange.status === 407).length).toBeGreaterThanOrEqual(3);
    await Promise.all([anonymous.close(), wrong.close(), right.close(), plain.close()]);
  });
});
