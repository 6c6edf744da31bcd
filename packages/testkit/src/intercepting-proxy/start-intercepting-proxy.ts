import {
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createSecureContext, TLSSocket, type SecureContext } from 'node:tls';
import { timingSafeEqual } from 'node:crypto';
import { createTestCertificateAuthority, type TestCertificateAuthority } from './create-test-ca.js';

/** Options of {@link startInterceptingProxy}. */
export interface InterceptingProxyOptions {
  /**
   * The only hosts the proxy reaches: hostname → a plain-HTTP port on 127.0.0.1. Name them with
   * names that do not resolve (`*.test`), so the proxy is the only way to them.
   */
  hosts: Readonly<Record<string, number>>;
  /** Require `Proxy-Authorization: Basic` with these credentials (407 otherwise). */
  credentials?: { username: string; password: string };
  /** The CA that signs the certificates the proxy presents (default: a new one). */
  ca?: TestCertificateAuthority;
}

/** One exchange the proxy saw. */
export interface ProxiedExchange {
  /** `connect`: a CONNECT tunnel (TLS intercepted); `forward`: an absolute-form HTTP request. */
  kind: 'connect' | 'forward';
  host: string;
  port: number;
  /** What the proxy answered: 200 for an opened tunnel, 407, 502, or the upstream's status. */
  status: number;
  method?: string;
  path?: string;
}

/** A running intercepting proxy on 127.0.0.1. */
export interface InterceptingProxy {
  /** `http://127.0.0.1:<port>` (no credentials). */
  url: string;
  port: number;
  /** The CA certificate (PEM) to trust for the intercepted hosts. */
  caPem: string;
  /** Every tunnel and request seen so far, in order. */
  exchanges(): ProxiedExchange[];
  close(): Promise<void>;
}

/**
 * Starts an HTTPS-intercepting forward proxy, the kind corporate networks run: it answers
 * CONNECT, terminates TLS with a certificate for the requested host signed by its own CA, and
 * forwards the decrypted requests to the mapped local port; plain-HTTP requests in absolute
 * form are forwarded too. Unknown hosts get 502 (as a proxy whose DNS lookup fails), wrong or
 * missing credentials 407 with `Proxy-Authenticate: Basic` (RFC 9110 §11.7.1).
 */
export async function startInterceptingProxy(options: InterceptingProxyOptions): Promise<InterceptingProxy> {
  const ca = options.ca ?? createTestCertificateAuthority();
  const contexts = new Map<string, SecureContext>();
  const exchanges: ProxiedExchange[] = [];
  const sockets = new Set<Socket>();
  const expected =
    options.credentials === undefined
      ? undefined
      : Buffer.from(
          `Basic ${Buffer.from(`${options.credentials.username}:${options.credentials.password}`).toString('base64')}`,
        );
  const authorized = (headers: IncomingHttpHeaders): boolean => {
    if (expected === undefined) return true;
    const given = Buffer.from(headers['proxy-authorization'] ?? '');
    return given.length === expected.length && timingSafeEqual(given, expected);
  };
  const contextFor = (host: string): SecureContext => {
    let context = contexts.get(host);
    if (context === undefined) {
      const leaf = ca.issue(host);
      context = createSecureContext({ key: leaf.keyPem, cert: leaf.certificatePem });
      contexts.set(host, context);
    }
    return context;
  };

  // The decrypted side of every tunnel: requests arrive here tagged with their tunnel's host.
  const tunnelTargets = new WeakMap<Socket, { host: string; port: number }>();
  const inner = createServer((request, response) => {
    const target = tunnelTargets.get(request.socket)!;
    forward(request, response, target.host, target.port, request.url ?? '/', 'connect');
  });

  const forward = (
    request: IncomingMessage,
    response: ServerResponse,
    host: string,
    port: number,
    path: string,
    kind: ProxiedExchange['kind'],
  ): void => {
    const upstreamPort = options.hosts[host];
    const record = (status: number): void => {
      exchanges.push({ kind, host, port, status, method: request.method ?? 'GET', path });
    };
    if (upstreamPort === undefined) {
      record(502);
      response.writeHead(502, { 'content-type': 'text/plain' }).end(`proxy: cannot resolve ${host}\n`);
      return;
    }
    const headers = { ...request.headers };
    // What TLS-terminating proxies tell the origin about the client's scheme.
    if (kind === 'connect') headers['x-forwarded-proto'] = 'https';
    delete headers['proxy-authorization'];
    delete headers['proxy-connection'];
    const upstream = httpRequest(
      { host: '127.0.0.1', port: upstreamPort, method: request.method, path, headers },
      (answer) => {
        record(answer.statusCode ?? 0);
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    upstream.on('error', () => {
      record(502);
      if (!response.headersSent) response.writeHead(502).end();
      else response.destroy();
    });
    request.pipe(upstream);
  };

  const server: Server = createServer((request, response) => {
    // A forward proxy gets absolute-form targets (RFC 9112 §3.2.2).
    let target: URL;
    try {
      target = new URL(request.url ?? '');
    } catch {
      response.writeHead(400).end();
      return;
    }
    const port = Number(target.port || 80);
    if (!authorized(request.headers)) {
      exchanges.push({ kind: 'forward', host: target.hostname, port, status: 407 });
      response.writeHead(407, { 'proxy-authenticate': 'Basic realm="testkit"' }).end();
      return;
    }
    forward(request, response, target.hostname, port, `${target.pathname}${target.search}`, 'forward');
  });

  server.on('connect', (request: IncomingMessage, socket: Socket, head: Buffer) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    const [host = '', portText = '443'] = (request.url ?? '').split(/:(?=\d+$)/);
    const port = Number(portText);
    if (!authorized(request.headers)) {
      exchanges.push({ kind: 'connect', host, port, status: 407 });
      socket.end(
        'HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="testkit"\r\nContent-Length: 0\r\n\r\n',
      );
      return;
    }
    if (options.hosts[host] === undefined) {
      exchanges.push({ kind: 'connect', host, port, status: 502 });
      socket.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    exchanges.push({ kind: 'connect', host, port, status: 200 });
    socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    if (head.length > 0) socket.unshift(head);
    const secure = new TLSSocket(socket, { isServer: true, secureContext: contextFor(host) });
    // A client that refuses the certificate closes the tunnel mid-handshake: not an error here.
    secure.on('error', () => socket.destroy());
    tunnelTargets.set(secure, { host, port });
    inner.emit('connection', secure);
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    caPem: ca.certificatePem,
    exchanges: () => exchanges.map((exchange) => ({ ...exchange })),
    async close() {
      for (const socket of sockets) socket.destroy();
      inner.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
