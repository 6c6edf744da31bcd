import { request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { Readable } from 'node:stream';
import type { SendUpstream } from '@switchboard/core';
import { createNodeSend } from './create-node-send.js';
import { createUpstreamAgents, sendUpstreamRequest } from './upstream-connections.js';

/** A `fetch` for upstream calls and the connection pools behind it. */
export interface NodeFetch {
  fetch: typeof globalThis.fetch;
  /** The same pools for the runtime's same-wire pass-through: answers as Node streams (see `createNodeSend`). */
  send: SendUpstream;
  /** Closes the pooled keep-alive connections. */
  close(): void;
}

/** Options for {@link createNodeFetch}. */
export interface CreateNodeFetchOptions {
  /** The fetch for everything this one does not handle (default: the global fetch). */
  fallback?: typeof globalThis.fetch;
  /** False for an origin reached through a proxy: such requests go to `fallback`. Default: all direct. */
  direct?: (url: URL) => boolean;
  /** Certificates to trust instead of Node's defaults (a configured CA bundle). */
  ca?: readonly string[] | undefined;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/**
 * A `fetch` over `node:http` / `node:https` with keep-alive pools, for the gateway's upstream
 * calls. Node's built-in `fetch` (undici's spec-complete implementation) cost the gateway about
 * 0.25 ms of CPU per request, the largest single item in its profile; this one does what those
 * calls need and nothing more: a string or byte body, plain headers, an abort signal, and the
 * response body as a web stream read on demand (a slow reader pauses the socket).
 *
 * Anything outside that — a `Request` object, a stream or form body, a redirect (provider APIs
 * answer directly), and any origin reached through a proxy, is handed to `fallback` (the global
 * `fetch`, or the network's proxy-aware one), so behaviour never narrows. Responses are not decompressed: no `accept-encoding` is sent unless the caller sets
 * one, and a compressed answer to such a caller is decoded (gzip, deflate, br).
 */
export function createNodeFetch(options: CreateNodeFetchOptions = {}): NodeFetch {
  const fallback =
    options.fallback ?? ((input: Parameters<typeof fetch>[0], init?: RequestInit) => globalThis.fetch(input, init));
  const direct = options.direct ?? (() => true);
  const { httpAgent, httpsAgent } = createUpstreamAgents({ ca: options.ca });

  const nodeFetch = (input: Parameters<typeof fetch>[0], init: RequestInit = {}): Promise<Response> => {
    const href = typeof input === 'string' ? input : input instanceof URL ? input.href : undefined;
    const body = init.body;
    if (href === undefined || (body != null && typeof body !== 'string' && !(body instanceof Uint8Array)))
      return fallback(input, init);
    const url = new URL(href);
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !direct(url)) return fallback(input, init);
    const signal = init.signal ?? undefined;
    if (signal?.aborted) return Promise.reject(signal.reason as Error);

    const headers = plainHeaders(init.headers);
    if (body != null && headers['content-length'] === undefined)
      headers['content-length'] = typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength;
    const secure = url.protocol === 'https:';
    return new Promise<Response>((resolve, reject) => {
      let settled = false;
      const requestOptions = {
        protocol: url.protocol,
        hostname: url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname,
        port: url.port,
        path: `${url.pathname}${url.search}`,
        method: init.method ?? 'GET',
        headers,
        agent: secure ? httpsAgent : httpAgent,
      };
      const request = sendUpstreamRequest(
        {
          create: () => (secure ? httpsRequest : httpRequest)(requestOptions),
          response(response) {
            const status = response.statusCode ?? 0;
            if (REDIRECT_STATUSES.has(status) && init.redirect !== 'manual') {
              response.resume();
              cleanup();
              settled = true;
              resolve(fallback(input, init));
              return;
            }
            settled = true;
            resolve(toResponse(response, status, decoded(response), onBodyEnd, signal));
          },
          error(error) {
            cleanup();
            if (!settled) {
              settled = true;
              reject(new TypeError('fetch failed', { cause: error }));
            }
          },
        },
        body ?? undefined,
      );
      // An abort ends the request, or the body being read, with the signal's reason (as fetch does).
      const onAbort = (): void => {
        const reason = signal?.reason as Error;
        request.destroy(reason);
        if (!settled) {
          settled = true;
          reject(reason);
        }
      };
      const cleanup = (): void => signal?.removeEventListener('abort', onAbort);
      const onBodyEnd = cleanup;
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  };

  return {
    fetch: nodeFetch as typeof globalThis.fetch,
    send: createNodeSend({ httpAgent, httpsAgent, direct }),
    close() {
      httpAgent.destroy();
      httpsAgent.destroy();
    },
  };
}

function plainHeaders(headers: RequestInit['headers']): OutgoingHttpHeaders {
  const result: OutgoingHttpHeaders = {};
  if (!headers) return result;
  if (headers instanceof Headers || Array.isArray(headers)) {
    for (const [name, value] of headers instanceof Headers ? headers.entries() : headers)
      result[name.toLowerCase()] = value;
    return result;
  }
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) result[name.toLowerCase()] = value;
  return result;
}

/** The body stream to read: the message itself, or a decoder when the upstream compressed it. */
function decoded(response: IncomingMessage): Readable {
  switch (response.headers['content-encoding']?.trim().toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return response.pipe(createGunzip());
    case 'deflate':
      return response.pipe(createInflate());
    case 'br':
      return response.pipe(createBrotliDecompress());
    default:
      return response;
  }
}

function toResponse(
  message: IncomingMessage,
  status: number,
  source: Readable,
  onEnd: () => void,
  signal: AbortSignal | undefined,
): Response {
  const headers = new Headers();
  for (const [name, value] of Object.entries(message.headers)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else headers.set(name, value);
  }
  if (source !== message) {
    headers.delete('content-encoding');
    headers.delete('content-length');
  }
  if (NULL_BODY_STATUSES.has(status)) {
    message.resume();
    onEnd();
    return new Response(null, { status, statusText: message.statusMessage ?? '', headers });
  }
  let ended = false;
  const end = (): void => {
    ended = true;
    onEnd();
  };
  const body = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        source.on('data', (chunk: Buffer) => {
          controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
          // Read on demand: the socket waits while the reader does.
          if ((controller.desiredSize ?? 0) <= 0) source.pause();
        });
        source.once('end', () => {
          end();
          controller.close();
        });
        const fail = (error: Error): void => {
          if (ended) return;
          end();
          controller.error(error);
        };
        source.once('error', (error: Error) => fail(signal?.aborted ? (signal.reason as Error) : error));
        // A connection cut mid-body: no `end`, only `close`.
        message.once('close', () => {
          if (message.complete) return;
          fail(
            signal?.aborted
              ? (signal.reason as Error)
              : Object.assign(new Error('The upstream connection closed mid-body.'), { code: 'ECONNRESET' }),
          );
        });
      },
      pull() {
        source.resume();
      },
      cancel(reason) {
        end();
        message.destroy(reason instanceof Error ? reason : undefined);
      },
    },
    { highWaterMark: 0 },
  );
  source.pause();
  return new Response(body, { status, statusText: message.statusMessage ?? '', headers });
}
