import { Agent, request, type IncomingMessage } from 'node:http';
import type { SendUpstream } from '../src/index.js';

/**
 * A `SendUpstream` over `node:http` for the runtime tests (core has no sender of its own; the
 * gateway's is `createNodeSend`): plain http only, keep-alive, and the contract's abort — before
 * the answer the reply fails with the reason, after it the body fails with it.
 */
export function createTestNodeSend(): { send: SendUpstream; close(): void } {
  const agent = new Agent({ keepAlive: true });
  const send: SendUpstream = (url, post, reply) => {
    const body = typeof post.body === 'string' ? Buffer.from(post.body) : Buffer.concat(post.body);
    const outgoing = request(url, {
      method: 'POST',
      agent,
      headers: { ...post.headers, 'content-length': body.length },
    });
    let answered: IncomingMessage | undefined;
    let over = false;
    outgoing.once('response', (message) => {
      over = true;
      answered = message;
      reply.answered({ status: message.statusCode ?? 0, headers: message.headers, body: message });
    });
    outgoing.once('error', (error) => {
      if (over) return;
      over = true;
      reply.failed(new TypeError('fetch failed', { cause: error }));
    });
    outgoing.end(body);
    return {
      abort(reason) {
        outgoing.destroy(reason as Error);
        if (answered) answered.destroy(reason as Error);
        else if (!over) {
          over = true;
          reply.failed(reason);
        }
      },
    };
  };
  return { send, close: () => agent.destroy() };
}
