import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestUpstreams, readText as text } from '../../test/test-upstreams.js';
import { createNodeFetch } from './create-node-fetch.js';
import { sendUntilAborted, type UpstreamPost } from '@switchboard/core';
import { createNodeSend } from './create-node-send.js';
import { createUpstreamAgents, type UpstreamAgents } from './upstream-connections.js';

const upstreams = createTestUpstreams();
const pools: UpstreamAgents[] = [];
const fetches: Array<{ close(): void }> = [];
afterEach(async () => {
  for (const { httpAgent, httpsAgent } of pools.splice(0)) {
    httpAgent.destroy();
    httpsAgent.destroy();
  }
  for (const nodeFetch of fetches.splice(0)) nodeFetch.close();
  await upstreams.closeAll();
});

function sender(idleMs?: number) {
  const agents = createUpstreamAgents(idleMs === undefined ? {} : { idleMs });
  pools.push(agents);
  const send = createNodeSend({ ...agents, direct: () => true });
  // The promise form the runtime's general path uses (the lanes take the reply as it comes).
  return (url: string, post: UpstreamPost & { signal?: AbortSignal }) => sendUntilAborted(send, url, post, post.signal);
}

function fetcher() {
  const nodeFetch = createNodeFetch();
  fetches.push(nodeFetch);
  return nodeFetch.fetch;
}

/**
 * An upstream that resets (TCP RST) the connection of the `resetNth` request on it, as a server
 * does that closes an idle keep-alive connection just as the client reuses it. Every request it
 * reads is noted with the number of the connection it came on.
 */
async function resettingUpstream(resetNth: number) {
  const requestsOn = new WeakMap<Socket, number>();
  const connectionOf = new WeakMap<Socket, number>();
  const seen: Array<{ connection: number; body: string }> = [];
  let connectionCount = 0;
  const server = await upstreams.serve((request: IncomingMessage, response: ServerResponse, body: string) => {
    const socket = request.socket;
    if (!connectionOf.has(socket)) connectionOf.set(socket, (connectionCount += 1));
    const nth = (requestsOn.get(socket) ?? 0) + 1;
    requestsOn.set(socket, nth);
    seen.push({ connection: connectionOf.get(socket)!, body });
    if (nth === resetNth) {
      socket.resetAndDestroy();
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(`{"answer":${nth}}`);
  });
  return { ...server, seen };
}

describe('upstream connections', () => {
  it('sends a request again on a fresh connection when its reused one was reset before any answer (Node sender)', async () => {
    const upstream = await resettingUpstream(2);
    const send = sender();
    const post = () => send(`${upstream.url}/v1/messages`, { headers: {}, body: '{"n":1}' })!;
    expect(await text((await post()).body)).toBe('{"answer":1}');
    // The second request goes out on the kept-alive connection, which the server resets.
    const answer = await post();
    expect(answer.status).toBe(200);
    expect(await text(answer.body)).toBe('{"answer":1}');
    expect(upstream.seen).toEqual([
      { connection: 1, body: '{"n":1}' },
      { connection: 1, body: '{"n":1}' },
      { connection: 2, body: '{"n":1}' },
    ]);
  });

  it('does the same for the gateway fetch', async () => {
    const upstream = await resettingUpstream(2);
    const fetch = fetcher();
    const post = () => fetch(`${upstream.url}/v1/chat/completions`, { method: 'POST', body: '{"n":2}' });
    expect(await (await post()).text()).toBe('{"answer":1}');
    const answer = await post();
    expect(answer.status).toBe(200);
    expect(await answer.text()).toBe('{"answer":1}');
    expect(upstream.seen.map((request) => request.connection)).toEqual([1, 1, 2]);
  });

  it('reports a reset of a fresh connection without sending the request again', async () => {
    const upstream = await resettingUpstream(1);
    const send = sender();
    await expect(send(`${upstream.url}/v1/messages`, { headers: {}, body: '{}' })).rejects.toMatchObject({
      message: 'fetch failed',
      cause: { code: 'ECONNRESET' },
    });
    expect(upstream.seen).toHaveLength(1);
    const fetch = fetcher();
    await expect(fetch(`${upstream.url}/v1/messages`, { method: 'POST', body: '{}' })).rejects.toMatchObject({
      message: 'fetch failed',
    });
    expect(upstream.seen).toHaveLength(2);
  });

  it('sends a request once more at most: a second reset is reported', async () => {
    // Every request after the first on a connection is reset, and the retry's fresh connection
    // is reset on its first request too.
    let requests = 0;
    const server = await upstreams.serve((request, response) => {
      requests += 1;
      if (requests === 1) {
        response.end('first');
        return;
      }
      request.socket.resetAndDestroy();
    });
    const send = sender();
    expect(await text((await send(server.url, { headers: {}, body: '' })!).body)).toBe('first');
    await expect(send(server.url, { headers: {}, body: '' })).rejects.toMatchObject({
      cause: { code: 'ECONNRESET' },
    });
    expect(requests).toBe(3);
  });

  it("closes an idle pooled connection before the server's announced keep-alive timeout, and reuses a recent one", async () => {
    const server = await upstreams.serve((_request, response) => response.end('ok'));
    const send = sender();
    const post = async () => text((await send(server.url, { headers: {}, body: '' })!).body);
    await post();
    await post();
    // Node's server announces `Keep-Alive: timeout=5`: reused within it.
    expect(server.connections()).toBe(1);
    const hinted = await upstreams.serve((_request, response) => {
      response.setHeader('keep-alive', 'timeout=2');
      response.end('ok');
    });
    const postHinted = async () => text((await send(hinted.url, { headers: {}, body: '' })!).body);
    await postHinted();
    // Past the hint less Node's one-second margin: a new connection, not one the server may be closing.
    await new Promise((resolve) => setTimeout(resolve, 1_300));
    await postHinted();
    expect(hinted.connections()).toBe(2);
  });

  it('does not cut an answer that is quiet for longer than the idle timeout', async () => {
    const server = await upstreams.serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write('data: 1\n\n');
      // Quiet for three idle timeouts, then the rest.
      setTimeout(() => response.end('data: 2\n\n'), 600);
    });
    const send = sender(200);
    const answer = await send(server.url, { headers: {}, body: '' })!;
    expect(await text(answer.body)).toBe('data: 1\n\ndata: 2\n\n');
  });
});
