import type { Agent as HttpAgent } from 'node:http';
import { request as httpRequest, type ClientRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import type { Agent as HttpsAgent } from 'node:https';
import { request as httpsRequest } from 'node:https';
import { pipeline, type Readable, type Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { SendUpstream, UpstreamExchange, UpstreamReply } from '@switchboard/core';
import {
  sendUpstreamRequest,
  type UpstreamRequestHandle,
  type UpstreamRequestHandlers,
} from './upstream-connections.js';

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
 * reply fails with its reason, after it the body fails with it. A connection cut mid-body makes
 * the body fail (`ECONNRESET`), never end quietly.
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

  return (href, post, reply) => {
    const destination = destinationOf(href);
    if (destination === null) return undefined;
    const headers: Record<string, string | number> = post.headers;
    // The headers are this request's own object (`UpstreamPost`): completed in place.
    headers['content-length'] = byteLengthOf(post.body);
    return new NodeExchange(destination, headers, post.body, reply);
  };
}

/**
 * One request under way: the handlers of `sendUpstreamRequest`, the reply's caller and the
 * abort, in one object (no promise, no per-request closures).
 */
class NodeExchange implements UpstreamExchange, UpstreamRequestHandlers {
  private body: Readable | undefined;
  private over = false;
  private readonly request: UpstreamRequestHandle;

  constructor(
    private readonly destination: Destination,
    private readonly headers: Record<string, string | number>,
    body: string | readonly Buffer[],
    private readonly reply: UpstreamReply,
  ) {
    this.request = sendUpstreamRequest(this, body);
  }

  /** Makes the request (again, for `sendUpstreamRequest`'s one retry on a stale connection). */
  create(): ClientRequest {
    const { secure, options } = this.destination;
    return (secure ? httpsRequest : httpRequest)({ ...options, headers: this.headers });
  }

  response(message: IncomingMessage): void {
    this.over = true;
    this.body = decoded(message);
    this.reply.answered({ status: message.statusCode ?? 0, headers: message.headers, body: this.body });
  }

  error(error: Error): void {
    if (this.over) return;
    this.over = true;
    this.reply.failed(new TypeError('fetch failed', { cause: error }));
  }

  abort(reason: unknown): void {
    const error = reason as Error;
    const { body } = this;
    // An answer read to its end is over: its connection goes back to the pool.
    if (body?.readableEnded || body?.destroyed) return;
    this.request.destroy(error);
    if (body) body.destroy(error);
    else if (!this.over) {
      this.over = true;
      this.reply.failed(reason);
    }
  }
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
