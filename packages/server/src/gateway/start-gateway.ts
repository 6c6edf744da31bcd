import type { AddressInfo } from 'node:net';
import { createServer } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { getRequestListener, type HttpBindings, type Http2Bindings } from '@hono/node-server';
import { SwitchboardError } from '@switchboard/core';
import { createFastPath } from './create-fast-path.js';
import { createGatewayApp, gatewayDependencies } from './create-gateway-app.js';
import type { GatewayAppOptions } from './gateway-types.js';
import { createRequestTracker } from './request-tracker.js';
import { createUpstreamTiming } from './upstream-timing.js';

/** The only address the local gateway listens on: it serves this machine's user, nobody else. */
export const GATEWAY_HOST = '127.0.0.1';

/** Options for {@link startGateway}. */
export interface StartGatewayOptions extends Omit<GatewayAppOptions, 'tracker'> {
  /** TCP port on 127.0.0.1; 0 picks a free one. */
  port: number;
  /** Only `127.0.0.1` is accepted: the local gateway is never reachable from the network. */
  host?: typeof GATEWAY_HOST;
  /**
   * Longest time a client may take to send its request headers and body (default 60 s): a
   * client trickling its body is answered 408 and cut. Responses, streams included, are not
   * bounded by it.
   */
  requestBodyTimeoutMs?: number;
}

/** Default {@link StartGatewayOptions.requestBodyTimeoutMs}. */
export const DEFAULT_REQUEST_BODY_TIMEOUT_MS = 60_000;

/** A listening gateway. */
export interface RunningGateway {
  /** `http://127.0.0.1:PORT` (OpenAI clients add `/v1`). */
  readonly url: string;
  readonly port: number;
  /** Requests being served right now. */
  readonly openRequests: number;
  /**
   * Graceful shutdown: stops accepting connections, lets open requests and streams finish for
   * up to `drainMs` (default 10 s), then aborts what is left (their streams end with an explicit
   * error event) and closes every connection.
   */
  close(options?: { drainMs?: number }): Promise<void>;
}

/**
 * Serves the gateway on 127.0.0.1: the model endpoints of a local-token gateway through the
 * `node:http` fast path (`createFastPath`), everything else through the Hono app with
 * @hono/node-server.
 */
export async function startGateway(options: StartGatewayOptions): Promise<RunningGateway> {
  const host = options.host ?? GATEWAY_HOST;
  if (host !== GATEWAY_HOST)
    throw new SwitchboardError('INVALID_CONFIG', `The local gateway only listens on ${GATEWAY_HOST}.`);
  const tracker = createRequestTracker();
  let listeningPort: number | undefined;
  const upstreamTiming = options.upstreamTiming ?? createUpstreamTiming();
  const appOptions = { ...options, tracker, upstreamTiming, listeningPort: () => listeningPort };
  const app = createGatewayApp(appOptions);
  const honoListener = getRequestListener((request: Request, bindings: HttpBindings | Http2Bindings) =>
    app.fetch(request, bindings),
  );
  // The local token's model requests skip Hono; a gateway that authenticates by key has none.
  const fastPath =
    options.token !== undefined && options.authenticate === undefined
      ? createFastPath({
          dependencies: gatewayDependencies(appOptions, tracker),
          token: options.token,
          listeningPort: appOptions.listeningPort,
          upstreamTiming,
        })
      : undefined;
  let draining = false;
  const bodyTimeoutMs = options.requestBodyTimeoutMs ?? DEFAULT_REQUEST_BODY_TIMEOUT_MS;
  const server = createServer(
    // Node checks open connections for an unfinished request on this interval; a tenth of the
    // limit keeps a trickling client's cut close to the limit for one cheap timer per server.
    { connectionsCheckingInterval: Math.max(50, Math.min(bodyTimeoutMs / 10, 5_000)) },
    (incoming, outgoing) => {
      // While draining, answer what is asked but let no connection be reused.
      if (draining) outgoing.shouldKeepAlive = false;
      if (fastPath?.(incoming, outgoing)) return;
      void honoListener(incoming, outgoing);
    },
  );
  // Node's requestTimeout bounds receiving the request (headers and body) and stops counting
  // once the request is read, so a response streamed for many minutes is never cut by it.
  server.requestTimeout = bodyTimeoutMs;
  server.headersTimeout = Math.min(server.headersTimeout, bodyTimeoutMs);
  server.keepAliveTimeout = 30_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  listeningPort = port;
  let closing: Promise<void> | undefined;

  return {
    url: `http://${host}:${port}`,
    port,
    get openRequests() {
      return tracker.size;
    },
    close({ drainMs = 10_000 } = {}) {
      closing ??= (async () => {
        draining = true;
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        const drainTimer = new AbortController();
        await Promise.race([
          tracker.idle(),
          sleep(drainMs, undefined, { signal: drainTimer.signal }).catch(() => undefined),
        ]);
        drainTimer.abort();
        if (tracker.size > 0) {
          tracker.abortAll(new SwitchboardError('CANCELLED', 'The Switchboard gateway is shutting down.'));
          const graceTimer = new AbortController();
          await Promise.race([
            tracker.idle(),
            sleep(2_000, undefined, { signal: graceTimer.signal }).catch(() => undefined),
          ]);
          graceTimer.abort();
        }
        server.closeAllConnections();
        await closed;
      })();
      return closing;
    },
  };
}
