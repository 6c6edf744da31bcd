import type { Readable } from 'node:stream';

/** One POST to an upstream, as the runtime's pass-through sends it. */
export interface UpstreamPost {
  /**
   * Header names in lower case; credentials among them (never log them). A new object per
   * request: the sender may complete it (`content-length`).
   */
  headers: Record<string, string>;
  /** JSON text, or the pieces of it to write one after another (a caller's body with its model spliced in). */
  body: string | readonly Buffer[];
}

/** An upstream's answer as Node hands it over: status, headers and the body as a Node stream. */
export interface UpstreamAnswer {
  status: number;
  /** Header names in lower case, as `node:http` gives them. */
  headers: Readonly<Record<string, string | string[] | undefined>>;
  /**
   * The body, decoded when the upstream compressed it, paused until read. A connection cut
   * mid-body or an abort makes it emit `error` (with the abort's reason for an abort).
   */
  body: Readable;
}

/**
 * Where a {@link SendUpstream} reports, exactly once: the answer's head, or the failure that
 * came instead of it. Methods are called on the object (it may be a class instance).
 */
export interface UpstreamReply {
  answered(answer: UpstreamAnswer): void;
  /** No answer: refused, reset, or aborted (then with the abort's reason). */
  failed(error: unknown): void;
}

/** A request under way. */
export interface UpstreamExchange {
  /**
   * Ends it: before the answer the reply fails with `reason`, after it the body fails with it.
   * Harmless once the exchange is over.
   */
  abort(reason: unknown): void;
}

/**
 * Sends one request over `node:http` / `node:https` and hands the answer over as a Node stream,
 * for the same-wire pass-through (no web `Response`, `ReadableStream` or promise on the way:
 * the reply is called back). Returns `undefined`, without calling the reply, for a request it
 * does not serve (an origin reached through a proxy, …): the runtime then uses its `fetch`.
 */
export type SendUpstream = (url: string, post: UpstreamPost, reply: UpstreamReply) => UpstreamExchange | undefined;

/**
 * {@link SendUpstream} as a promise, ended by `signal`: before the answer the promise rejects
 * with the signal's reason, after it the body fails with it. Undefined where `send` does not
 * serve the URL.
 */
export function sendUntilAborted(
  send: SendUpstream,
  url: string,
  post: UpstreamPost,
  signal: AbortSignal | undefined,
): Promise<UpstreamAnswer> | undefined {
  // Nothing is sent for a request already ended (`fetch` would refuse it the same way).
  if (signal?.aborted) return Promise.reject(signal.reason as Error);
  let reply: UpstreamReply | undefined;
  let onAbort: (() => void) | undefined;
  const stopListening = (): void => {
    if (onAbort) signal?.removeEventListener('abort', onAbort);
  };
  const answer = new Promise<UpstreamAnswer>((resolve, reject) => {
    reply = {
      answered(value) {
        // An abort after the head fails the body: the listener stays until the body closes.
        value.body.once('close', stopListening);
        resolve(value);
      },
      failed(error) {
        stopListening();
        reject(error as Error);
      },
    };
  });
  const exchange = send(url, post, reply!);
  if (exchange === undefined) return undefined;
  if (signal) {
    onAbort = () => exchange.abort(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
  }
  return answer;
}
