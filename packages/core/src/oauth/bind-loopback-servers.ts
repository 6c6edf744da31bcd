import { createServer, type RequestListener, type Server } from 'node:http';
import { SwitchboardError } from '../errors.js';

/** Servers listening on one loopback port, on 127.0.0.1 and (when asked and available) ::1. */
export interface BoundLoopbackServers {
  servers: Server[];
  port: number;
}

/** Options of {@link bindLoopbackServers}. */
export interface BindLoopbackServersOptions {
  /** Ports tried in order; 0 = an ephemeral port. */
  ports: number[];
  /** Also listen on ::1 at the same port, for a redirect that names `localhost`. */
  dualStack: boolean;
  onRequest: RequestListener;
  provider?: string;
}

/** Errors that mean "this machine has no IPv6 loopback": skip ::1, keep 127.0.0.1. */
const NO_IPV6 = new Set(['EADDRNOTAVAIL', 'EAFNOSUPPORT', 'EINVAL']);
/** Tries of an ephemeral port whose ::1 twin turned out to be taken. */
const EPHEMERAL_TRIES = 5;

/**
 * Binds the loopback callback listener: 127.0.0.1 on the first free port of `ports` (never
 * all interfaces: the callback carries an authorization code) and, with `dualStack`, ::1 on
 * the same port, so a browser that resolves `localhost` to either address reaches it. The
 * Codex CLI binds 127.0.0.1 only (codex-rs/login/src/server.rs `bind_server`), which fails
 * for browsers that try ::1 first. A port whose ::1 side is taken counts as taken.
 * @throws SwitchboardError `OAUTH_FAILED` when every port is in use.
 */
export async function bindLoopbackServers(options: BindLoopbackServersOptions): Promise<BoundLoopbackServers> {
  for (const wanted of options.ports) {
    const tries = wanted === 0 ? EPHEMERAL_TRIES : 1;
    for (let attempt = 0; attempt < tries; attempt += 1) {
      const ipv4 = createServer(options.onRequest);
      const port = await listen(ipv4, wanted, '127.0.0.1');
      if (typeof port !== 'number') break;
      if (!options.dualStack) return { servers: [ipv4], port };
      const ipv6 = createServer(options.onRequest);
      const ipv6Port = await listen(ipv6, port, '::1');
      if (ipv6Port === 'unavailable') return { servers: [ipv4], port };
      if (ipv6Port !== 'busy') return { servers: [ipv4, ipv6], port };
      await new Promise<void>((resolve) => ipv4.close(() => resolve()));
    }
  }
  const { ports } = options;
  throw new SwitchboardError(
    'OAUTH_FAILED',
    `Cannot receive the sign-in callback: port${ports.length > 1 ? 's' : ''} ${ports.join(', ')} on the loopback address ${ports.length > 1 ? 'are' : 'is'} in use (is another login running?). Close the other program, or use the paste-code or device login method.`,
    { provider: options.provider, isRetryable: false },
  );
}

function listen(server: Server, port: number, host: string): Promise<number | 'busy' | 'unavailable'> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      server.off('listening', onListening);
      if (error.code === 'EADDRINUSE' || error.code === 'EACCES') resolve('busy');
      else if (host === '::1' && error.code && NO_IPV6.has(error.code)) resolve('unavailable');
      else reject(error);
    };
    const onListening = (): void => {
      server.off('error', onError);
      const address = server.address();
      resolve(typeof address === 'object' && address !== null ? address.port : port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen({ port, host, exclusive: true, ipv6Only: host === '::1' });
  });
}
