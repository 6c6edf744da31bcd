import { Agent, request } from 'node:http';
import type { SendUpstream } from '../src/index.js';

/**
 * A `SendUpstream` over `node:http` for the runtime tests (core has no sender of its own; the
 * gateway's is `createNodeSend`): plain http only, keep-alive, and the contract's abort — before
 * the answer the promise rejects with the signal's reason, after it the body fails with it.
 */
export function createTestNodeSend(): { send: SendUpstream; close(): void } {
  const agent = new Agent({ keepAlive: true });
  const send: SendUpstream = (url, post) => {
    const { signal } = post;
    if (signal?.aborted) return Promise.reject(signal.reason as Error);
    const body = typeof post.body === 'string' ? Buffer.from(post.body) : Buffer.concat(post.body);
    return new Promise((resolve, reject) => {
      const outgoing = request(url, {
        method: 'POST',
        agent,
        headers: { ...post.headers, 'content-length': body.length },
      });
      let answered: import('node:http').IncomingMessage | undefined;
      const onAbort = (): void => {
        const reason = signal?.reason as Error;
        outgoing.destroy(reason);
        if (answered) answered.destroy(reason);
        else reject(reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      outgoing.once('response', (message) => {
        answered = message;
        message.once('close', () => signal?.removeEventListener('abort', onAbort));
        resolve({ status: message.statusCode ?? 0, headers: message.headers, body: message });
      });
      outgoing.once('error', (error) => {
        if (answered) return;
        signal?.removeEventListener('abort', onAbort);
        reject(new TypeError('fetch failed', { cause: error }));
      });
      outgoing.end(body);
    });
  };
  return { send, close: () => agent.destroy() };
}
