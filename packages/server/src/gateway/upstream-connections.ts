import { Agent as HttpAgent, type ClientRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { IDLE_CONNECTION_MS } from '@switchboard/core';

/** The keep-alive pools of the gateway's upstream calls. */
export interface UpstreamAgents {
  httpAgent: HttpAgent;
  httpsAgent: HttpsAgent;
}

/**
 * Keep-alive pools whose idle connections close after {@link IDLE_CONNECTION_MS}, or sooner when
 * the server says so (`Keep-Alive: timeout=N`, less Node's one-second margin). Node's agent
 * reads that hint only when it has a `timeout` of its own (`Agent.prototype.keepSocketAlive`):
 * without one, idle connections were kept forever and reused after the server had closed them.
 * An active request is not cut by this timeout: a slow first byte or a quiet stream is the
 * runtime's to judge (its attempt and idle timeouts). `idleMs` replaces the 4 s (tests).
 */
export function createUpstreamAgents(
  options: { ca?: readonly string[] | undefined; idleMs?: number } = {},
): UpstreamAgents {
  const timeout = options.idleMs ?? IDLE_CONNECTION_MS;
  return {
    httpAgent: new HttpAgent({ keepAlive: true, timeout }),
    httpsAgent: new HttpsAgent({
      keepAlive: true,
      timeout,
      ...(options.ca ? { ca: [...options.ca] } : {}),
    }),
  };
}

/** What {@link sendUpstreamRequest} reports: the answer's head, or the request's failure. */
export interface UpstreamRequestHandlers {
  response(message: IncomingMessage): void;
  error(error: Error): void;
}

/** The request under way, whichever attempt it is. */
export interface UpstreamRequestHandle {
  destroy(reason?: Error): void;
}

/** The errors of a pooled connection its server closed while it sat idle. */
const STALE_CONNECTION_CODES: ReadonlySet<unknown> = new Set(['ECONNRESET', 'EPIPE']);

/**
 * Sends one request (`create` makes it, `body` is written) and, once, sends it again on another
 * connection when it failed on a reused keep-alive connection before any answer: the server
 * closed that connection as it was being reused, so it never read the request (Node's
 * `request.reusedSocket` documentation recommends exactly this retry). A failure on a fresh
 * connection, or after the answer's head, is reported as it is.
 */
export function sendUpstreamRequest(
  create: () => ClientRequest,
  body: string | Uint8Array | readonly Uint8Array[] | undefined,
  handlers: UpstreamRequestHandlers,
): UpstreamRequestHandle {
  let current: ClientRequest;
  let retried = false;
  let destroyed = false;
  const start = (): void => {
    let answered = false;
    const request = create();
    current = request;
    request.once('response', (message: IncomingMessage) => {
      answered = true;
      handlers.response(message);
    });
    request.on('error', (error: NodeJS.ErrnoException) => {
      if (!answered && !retried && !destroyed && request.reusedSocket && STALE_CONNECTION_CODES.has(error.code)) {
        retried = true;
        start();
        return;
      }
      handlers.error(error);
    });
    if (Array.isArray(body)) {
      // Written before the request has its socket (Node attaches it on the next tick), the
      // pieces are buffered and go out with the head in one write.
      for (const piece of body) request.write(piece);
      request.end();
    } else request.end(body);
  };
  start();
  return {
    destroy(reason) {
      destroyed = true;
      current.destroy(reason);
    },
  };
}
