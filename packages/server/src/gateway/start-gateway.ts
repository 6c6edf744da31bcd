import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { createAdaptorServer, type HttpBindings, type Http2Bindings } from '@hono/node-server';
import { SwitchboardError } from '@switchboard/core';
import { createGatewayApp } from './create-gateway-app.js';
import type { GatewayAppOptions } from './gateway-types.js';
import { createRequestTracker } from './request-tracker.js';

/** The only address the local gateway listens on: it serves this machine's user, nobody else. */
export const GATEWAY_HOST = '127.0.0.1';

/** Options for {@link startGateway}. */
export interface StartGatewayOptions extends Omit<GatewayAppOptions, 'tracker'> {
  /** TCP port on 127.0.0.1; 0 picks a free one. */
  port: number;
  /** Only `127.0.0.1` is accepted: the local gateway is never reachable from the network. */
  host?: typeof GATEWAY_HOST;
}

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

/** Serves the gateway app on 127.0.0.1 with @hono/node-server. */
export async function startGateway(options: StartGatewayOptions): Promise<RunningGateway> {
  const host = options.host ?? GATEWAY_HOST;
  if (host !== GATEWAY_HOST)
    throw new SwitchboardError('INVALID_CONFIG', `The local gateway only listens on ${GATEWAY_HOST}.`);
  const tracker = createRequestTracker();
  const app = createGatewayApp({ ...options, tracker });
  let draining = false;
  const server = createAdaptorServer({
    fetch: (request: Request, bindings: HttpBindings | Http2Bindings) => {
      // While draining, answer what is asked but let no connection be reused.
      if (draining && 'shouldKeepAlive' in bindings.outgoing) bindings.outgoing.shouldKeepAlive = false;
      return app.fetch(request, bindings);
    },
  }) as Server;
  // Streams may legitimately run for many minutes; the upstream side has its own timeouts.
  server.requestTimeout = 0;
  server.keepAliveTimeout = 30_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
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
