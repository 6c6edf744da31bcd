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
  /** Ends the exchange: before the answer the promise rejects with its reason, after it the body fails with it. */
  signal?: AbortSignal | undefined;
}

/** An upstream's answer as Node hands it over: status, headers and the body as a Node stream. */
export interface UpstreamAnswer {
  status: number;
  /** Header names in lower case, as `node:http` gives them. */
  headers: Readonly<Record<string, string | string[] | undefined>>;
  /**
   * The body, decoded when the upstream compressed it, paused until read. A connection cut
   * mid-body or an abort makes it emit `error` (with the signal's reason for an abort).
   */
  body: Readable;
}

/**
 * Sends one request over `node:http` / `node:https` and hands the answer over as a Node stream,
 * for the same-wire pass-through (no web `Response` or `ReadableStream` on the way). Returns
 * `undefined` for a request it does not serve (an origin reached through a proxy, …): the
 * runtime then uses its `fetch`. The promise rejects when no answer arrives (refused, reset,
 * aborted).
 */
export type SendUpstream = (url: string, post: UpstreamPost) => Promise<UpstreamAnswer> | undefined;
