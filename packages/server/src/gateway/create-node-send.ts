import type { Agent as HttpAgent } from 'node:http';
import { request as httpRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import type { Agent as HttpsAgent } from 'node:https';
import { request as httpsRequest } from 'node:https';
import { pipeline, type Readable, type Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { SendUpstream, UpstreamAnswer } from '@switchboard/core';
import { sendUpstreamRequest } from './upstream-connections.js';

/** Options of {@link createNodeSend}. */
export interface CreateNodeSendOptions {
  httpAgent: HttpAgent;
  httpsAgent: HttpsAgent;
  /** False for an origin reached through a proxy: such requests are not sent here. */
  direct: (url: URL) => boolean;
}

/** Where one upstream URL is reached, worked out once per URL. */
interface Destination {
  secure: boolean;
  options: RequestOptions;
}

/** Upstream URLs are a route's endpoint: few per process. The cache is emptied past this. */
const MAX_DESTINATIONS = 256;

/**
 * The runtime's `SendUpstream` over the same keep-alive pools as `createNodeFetch`: a POST whose
 * answer is handed over as Node's own `IncomingMessage` (decoded when compressed), with no web
 * `Response` or `ReadableStream` built. A URL that is not http(s) or goes through a proxy is left
 * to the runtime's `fetch` (`undefined`). An abort destroys the request: before the answer the
 * promise rejects with the signal's reason, after it the body fails with it. A connection cut
 * mid-body makes the body fail (`ECONNRESET`), never end quietly.
 */
export function createNodeSend(options: CreateNodeSendOptions): SendUpstream {
  const destinations = new Map<string, Destination | null>();

  const destinationOf = (href: string): Destination | null => {
    let destination = destinations.get(href);
    if (destination !== undefined) return destination;
    const url = URL.canParse(href) ? new URL(href) : undefined;
    const secure = url?.protocol === 'https:';
    destination =
      url === undefined || (url.protocol !== 'http:' && !secure) || !options.direct(url)
        ? null
        : {
            secure,
            options: {
              protocol: url.protocol,
              hostname: url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname,
              port: url.port,
              path: `${url.pathname}${url.search}`,
              method: 'POST',
              agent: secure ? options.httpsAgent : options.httpAgent,
            },
          };
    if (destinations.size >= MAX_DESTINATIONS) destinations.clear();
    destinations.set(href, destination);
    return destination;
  };

  return (href, post) => {
    const destination = destinationOf(href);
    if (destination === null) return undefined;
    const { signal } = post;
    if (signal?.aborted) return Promise.reject(signal.reason as Error);
    const headers: Record<string, string | number> = post.headers;
    // The headers are this request's own object (`UpstreamPost`): completed in place.
    headers['content-length'] = byteLengthOf(post.body);
    return new Promise<UpstreamAnswer>((resolve, reject) => {
      let body: Readable | undefined;
      const request = sendUpstreamRequest(
        () => (destination.secure ? httpsRequest : httpRequest)({ ...destination.options, headers }),
        post.body,
        {
          response(message) {
            body = decoded(message);
            body.once('close', cleanup);
            resolve({ status: message.statusCode ?? 0, headers: message.headers, body });
          },
          error(error) {
            if (body) return;
            cleanup();
            reject(new TypeError('fetch failed', { cause: error }));
          },
        },
      );
      const onAbort = (): void => {
        const reason = signal?.reason as Error;
        request.destroy(reason);
        if (body) body.destroy(reason);
        else reject(reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const cleanup = (): void => signal?.removeEventListener('abort', onAbort);
    });
  };
}

function byteLengthOf(body: string | readonly Buffer[]): number {
  if (typeof body === 'string') return Buffer.byteLength(body);
  let length = 0;
  for (const piece of body) length += piece.length;
  return length;
}

/** The body to read: the message itself, or a decoder when the upstream compressed it. */
function decoded(message: IncomingMessage): Readable {
  const encoding = message.headers['content-encoding'];
  if (encoding === undefined) return message;
  let decoder: Transform;
  switch (encoding.trim().toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      decoder = createGunzip();
      break;
    case 'deflate':
      decoder = createInflate();
      break;
    case 'br':
      decoder = createBrotliDecompress();
      break;
    default:
      return message;
  }
  // A failure of either side fails the other: the reader sees the message's error.
  return pipeline(message, decoder, () => undefined);
}
