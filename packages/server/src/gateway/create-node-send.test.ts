import { Agent as HttpAgent, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestUpstreams, readText as text } from '../../test/test-upstreams.js';
import { sendUntilAborted, type UpstreamAnswer, type UpstreamPost } from '@switchboard/core';
import { createNodeSend } from './create-node-send.js';

const upstreams = createTestUpstreams();
const serve = upstreams.serve;
const agents: Array<HttpAgent | HttpsAgent> = [];
afterEach(async () => {
  for (const agent of agents.splice(0)) agent.destroy();
  await upstreams.closeAll();
});

function sender(direct: (url: URL) => boolean = () => true) {
  const httpAgent = new HttpAgent({ keepAlive: true });
  const httpsAgent = new HttpsAgent({ keepAlive: true });
  agents.push(httpAgent, httpsAgent);
  const send = createNodeSend({ httpAgent, httpsAgent, direct });
  // The promise form the runtime's general path uses (the lanes take the reply as it comes).
  return (url: string, post: UpstreamPost & { signal?: AbortSignal }) => sendUntilAborted(send, url, post, post.signal);
}

describe('createNodeSend', () => {
  it('posts a sized body with its headers and hands the answer over as a Node stream, on a kept-alive connection', async () => {
    const seen: Array<{ method?: string; url?: string; headers: IncomingMessage['headers']; body: string }> = [];
    const server = await serve((request, response, body) => {
      seen.push({ method: request.method, url: request.url, headers: request.headers, body });
      response.writeHead(200, { 'content-type': 'text/event-stream', 'x-request-id': 'req-1' });
      response.end('data: héllo\n\n');
    });
    const send = sender();
    const body = JSON.stringify({ model: 'm', text: 'héllo' });
    for (let round = 0; round < 2; round += 1) {
      const answer = await send(`${server.url}/v1/chat/completions?x=1`, {
        headers: { authorization: 'Bearer k', 'content-type': 'application/json' },
        body,
      })!;
      expect(answer.status).toBe(200);
      expect(answer.headers['x-request-id']).toBe('req-1');
      expect(await text(answer.body)).toBe('data: héllo\n\n');
    }
    expect(seen[0]).toMatchObject({
      method: 'POST',
      url: '/v1/chat/completions?x=1',
      body,
      headers: { authorization: 'Bearer k', 'content-length': String(Buffer.byteLength(body)) },
    });
    expect(server.connections()).toBe(1);
  });

  it('calls the reply back once, and an abort after the answer was read to its end keeps the connection pooled', async () => {
    const server = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"ok":true}');
    });
    const httpAgent = new HttpAgent({ keepAlive: true });
    const httpsAgent = new HttpsAgent({ keepAlive: true });
    agents.push(httpAgent, httpsAgent);
    const send = createNodeSend({ httpAgent, httpsAgent, direct: () => true });
    for (let round = 0; round < 2; round += 1) {
      const replies: string[] = [];
      const answer = await new Promise<UpstreamAnswer>((resolve, reject) => {
        const exchange = send(
          `${server.url}/x`,
          { headers: {}, body: '{}' },
          {
            answered(value) {
              replies.push('answered');
              void text(value.body).then(() => {
                // Late: the caller's abort comes after the body ended (a request finishing as it is cut).
                exchange!.abort(new Error('late'));
                resolve(value);
              }, reject);
            },
            failed(error) {
              replies.push('failed');
              reject(error as Error);
            },
          },
        );
      });
      expect(answer.status).toBe(200);
      expect(replies).toEqual(['answered']);
    }
    expect(server.connections()).toBe(1);
  });

  it('decodes a compressed answer', async () => {
    const server = await serve((_request, response) => {
      response.writeHead(200, { 'content-encoding': 'gzip', 'content-type': 'application/json' });
      response.end(gzipSync('{"ok":true}'));
    });
    const answer = await sender()(`${server.url}/x`, { headers: {}, body: '{}' })!;
    expect(await text(answer.body)).toBe('{"ok":true}');
  });

  it('leaves a proxied origin and a URL that is not http(s) to fetch', () => {
    const send = sender((url) => url.hostname !== 'proxied.example');
    expect(send('https://proxied.example/v1', { headers: {}, body: '' })).toBeUndefined();
    expect(send('file:///etc/passwd', { headers: {}, body: '' })).toBeUndefined();
    expect(send('not a url', { headers: {}, body: '' })).toBeUndefined();
  });

  it('rejects a refused connection, and an abort before the answer with its reason', async () => {
    const server = await serve(() => undefined);
    const closed = `http://127.0.0.1:1`;
    await expect(sender()(closed, { headers: {}, body: '' })).rejects.toThrow('fetch failed');
    const controller = new AbortController();
    const pending = sender()(`${server.url}/slow`, { headers: {}, body: '', signal: controller.signal })!;
    const reason = new Error('stopped');
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
    await expect(sender()(`${server.url}/x`, { headers: {}, body: '', signal: controller.signal })).rejects.toBe(
      reason,
    );
  });

  it('fails the body with the abort reason mid-body, and with ECONNRESET when the upstream cuts it', async () => {
    const server = await serve((request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write('data: first\n\n');
      if (request.url === '/cut') setTimeout(() => response.socket?.destroy(), 20);
    });
    const controller = new AbortController();
    const answer = await sender()(`${server.url}/hold`, { headers: {}, body: '', signal: controller.signal })!;
    const reason = new Error('caller left');
    const failed = text(answer.body);
    setTimeout(() => controller.abort(reason), 20);
    await expect(failed).rejects.toBe(reason);

    const cut = await sender()(`${server.url}/cut`, { headers: {}, body: '' })!;
    await expect(text(cut.body)).rejects.toMatchObject({ code: 'ECONNRESET' });
  });
});
