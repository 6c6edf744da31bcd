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

/** What {@link sendUpstreamRequest} makes the request with and reports to: its head, or its failure. */
export interface UpstreamRequestHandlers {
  /** Makes the request (called again for the one retry on a stale connection). */
  create(): ClientRequest;
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
 * Sends one request (`handlers.create` makes it, `body` is written) and, once, sends it again on
 * another connection when it failed on a reused keep-alive connection before any answer: the
 * server closed that connection as it was being reused, so it never read the request (Node's
 * `request.reusedSocket` documentation recommends exactly this retry). A failure on a fresh
 * connection, or after the answer's head, is reported as it is.
 */
export function sendUpstreamRequest(
  handlers: UpstreamRequestHandlers,
  body: string | Uint8Array | readonly Uint8Array[] | undefined,
): UpstreamRequestHandle {
  return new RetriedRequest(handlers, body);
}

class RetriedRequest implements UpstreamRequestHandle {
  private current!: ClientRequest;
  private answered = false;
  private retried = false;
  private destroyed = false;

  constructor(
    private readonly handlers: UpstreamRequestHandlers,
    /** Kept for the one retry only: dropped once an answer came. */
    private body: string | Uint8Array | readonly Uint8Array[] | undefined,
  ) {
    this.start();
  }

  private start(): void {
    const request = this.handlers.create();
    this.current = request;
    // `on`, not `once`: a request has one response, and `once` wraps each listener.
    request.on('response', this.onResponse);
    request.on('error', this.onError);
    const { body } = this;
    if (Array.isArray(body)) {
      // Written before the request has its socket (Node attaches it on the next tick), the
      // pieces are buffered and go out with the head in one write.
      for (const piece of body) request.write(piece);
      request.end();
    } else request.end(body);
  }

  private readonly onResponse = (message: IncomingMessage): void => {
    this.answered = true;
    this.body = undefined;
    this.handlers.response(message);
  };

  /** An attempt's failure (a request emits `error` once: an abandoned attempt does not again). */
  private readonly onError = (error: NodeJS.ErrnoException): void => {
    const request = this.current;
    if (
      !this.answered &&
      !this.retried &&
      !this.destroyed &&
      request.reusedSocket &&
      STALE_CONNECTION_CODES.has(error.code)
    ) {
      this.retried = true;
      this.start();
      return;
    }
    this.handlers.error(error);
  };

  destroy(reason?: Error): void {
    this.destroyed = true;
    this.current.destroy(reason);
  }
}
