import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createServer as createTlsServer } from 'node:https';
import { gzipSync } from 'node:zlib';
import { createTestCertificateAuthority } from '@switchboard/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestUpstreams } from '../../test/test-upstreams.js';
import { createNodeFetch, type NodeFetch } from './create-node-fetch.js';

const upstreams = createTestUpstreams();
const serve = upstreams.serve;
const fetches: NodeFetch[] = [];
afterEach(async () => {
  for (const nodeFetch of fetches.splice(0)) nodeFetch.close();
  await upstreams.closeAll();
});

function nodeFetch(fallback?: typeof fetch): typeof fetch {
  const created = createNodeFetch(fallback ? { fallback } : {});
  fetches.push(created);
  return created.fetch;
}

describe('createNodeFetch', () => {
  it('sends method, headers and a sized body; answers status, headers and body; keeps the connection alive', async () => {
    const seen: Array<{ method?: string; headers: IncomingMessage['headers']; body: string }> = [];
    const server = await serve((request, response, body) => {
      seen.push({ method: request.method, headers: request.headers, body });
      response.writeHead(201, { 'content-type': 'application/json', 'x-request-id': 'req-1' });
      response.end(JSON.stringify({ ok: true, echo: body }));
    });
    const fetchUpstream = nodeFetch();
    const body = JSON.stringify({ text: 'héllo' });
    const response = await fetchUpstream(`${server.url}/v1/things?x=1`, {
      method: 'POST',
      headers: { Authorization: 'Bearer k', 'content-type': 'application/json' },
      body,
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('x-request-id')).toBe('req-1');
    expect(await response.json()).toEqual({ ok: true, echo: body });
    expect(seen[0]).toMatchObject({
      method: 'POST',
      body,
      headers: { authorization: 'Bearer k', 'content-length': String(Buffer.byteLength(body)) },
    });
    expect(seen[0]?.headers['transfer-encoding']).toBeUndefined();
    await (await fetchUpstream(`${server.url}/again`, { headers: new Headers({ 'x-one': '1' }) })).text();
    expect(seen[1]?.headers['x-one']).toBe('1');
    expect(server.connections()).toBe(1);
  });

  it('streams the body as it arrives, and a reader that stops reading cancels the upstream response', async () => {
    let closed = false;
    let sendNext: () => void = () => undefined;
    const server = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.on('close', () => (closed = true));
      let count = 0;
      sendNext = () => response.write(`data: ${count++}\n\n`);
      sendNext();
    });
    const response = await nodeFetch()(`${server.url}/stream`);
    const reader = response.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe('data: 0\n\n');
    sendNext();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe('data: 1\n\n');
    await reader.cancel();
    await expect.poll(() => closed, { timeout: 10_000 }).toBe(true);
  });

  it('an abort rejects the call before the answer, and a read after it', async () => {
    const server = await serve((request, response) => {
      if (request.url === '/hang') return;
      response.writeHead(200);
      response.write('part');
    });
    const early = new AbortController();
    const pending = nodeFetch()(`${server.url}/hang`, { signal: early.signal });
    early.abort(new DOMException('stop', 'TimeoutError'));
    await expect(pending).rejects.toMatchObject({ name: 'TimeoutError' });

    const late = new AbortController();
    const response = await nodeFetch()(`${server.url}/body`, { signal: late.signal });
    const reader = response.body!.getReader();
    await reader.read();
    late.abort(new DOMException('stop', 'AbortError'));
    await expect(reader.read()).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('a cut mid-body fails the read (never a clean end); a refused connection rejects like fetch', async () => {
    const server = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.write('half');
      setTimeout(() => response.socket?.destroy(), 20);
    });
    const response = await nodeFetch()(`${server.url}/cut`);
    await expect(response.text()).rejects.toThrow();
    const refused = await nodeFetch()('http://127.0.0.1:1/').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(TypeError);
    expect((refused as TypeError & { cause: { code: string } }).cause.code).toBe('ECONNREFUSED');
  });

  it('decodes a compressed answer, and hands redirects and other inputs to the fallback fetch', async () => {
    const server = await serve((request, response) => {
      if (request.url === '/moved') {
        response.writeHead(307, { location: '/here' });
        response.end();
        return;
      }
      response.writeHead(200, { 'content-encoding': 'gzip', 'content-type': 'text/plain' });
      response.end(gzipSync('compressed text'));
    });
    const handed: string[] = [];
    const fetchUpstream = nodeFetch(async (input) => {
      handed.push(String(input instanceof Request ? input.url : input));
      return new Response('from fallback');
    });
    expect(await (await fetchUpstream(`${server.url}/zip`, { headers: { 'accept-encoding': 'gzip' } })).text()).toBe(
      'compressed text',
    );
    expect(await (await fetchUpstream(`${server.url}/moved`)).text()).toBe('from fallback');
    expect(await (await fetchUpstream(new Request(`${server.url}/request-object`))).text()).toBe('from fallback');
    expect(handed).toEqual([`${server.url}/moved`, `${server.url}/request-object`]);
  });

  it('hands origins that go through a proxy to the fallback, and trusts a given CA on the direct path', async () => {
    const ca = createTestCertificateAuthority();
    const leaf = ca.issue('127.0.0.1');
    const tlsServer = createTlsServer({ key: leaf.keyPem, cert: leaf.certificatePem }, (_request, response) =>
      response.end('over tls'),
    );
    upstreams.track(tlsServer);
    await new Promise<void>((resolve) => tlsServer.listen(0, '127.0.0.1', resolve));
    const url = `https://127.0.0.1:${(tlsServer.address() as AddressInfo).port}/`;

    const trusting = createNodeFetch({ ca: [ca.certificatePem] });
    fetches.push(trusting);
    expect(await (await trusting.fetch(url)).text()).toBe('over tls');
    const untrusting = createNodeFetch();
    fetches.push(untrusting);
    await expect(untrusting.fetch(url)).rejects.toMatchObject({
      cause: { code: expect.stringMatching(/CERT|SIGNATURE/) },
    });

    const viaFallback: string[] = [];
    const routed = createNodeFetch({
      direct: (target) => target.hostname !== 'proxied.test',
      fallback: async (input) => {
        viaFallback.push(String(input));
        return new Response('from fallback');
      },
    });
    fetches.push(routed);
    expect(await (await routed.fetch('https://proxied.test/v1')).text()).toBe('from fallback');
    expect(viaFallback).toEqual(['https://proxied.test/v1']);
  });
});
