// Plain node:http servers standing in for an upstream in the gateway's unit tests: each reads the
// whole request body before its handler answers, counts its connections (keep-alive checks), and
// all of them close together after each test.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Readable } from 'node:stream';

/** Upstream servers started by one test file, closed by `closeAll()` (call it in `afterEach`). */
export interface TestUpstreams {
  /** Starts a server on a free loopback port that calls `handler` with the request's whole body. */
  serve(
    handler: (request: IncomingMessage, response: ServerResponse, body: string) => void,
  ): Promise<{ url: string; connections: () => number }>;
  /** Closes another server with the others (one a test made itself, e.g. over TLS). */
  track(server: Server): void;
  closeAll(): Promise<void>;
}

/** A fresh set of {@link TestUpstreams}. */
export function createTestUpstreams(): TestUpstreams {
  const servers: Server[] = [];
  return {
    async serve(handler) {
      let connections = 0;
      const server = createServer((request, response) => {
        let body = '';
        request.setEncoding('utf8');
        request.on('data', (chunk: string) => (body += chunk));
        request.on('end', () => handler(request, response, body));
      });
      server.on('connection', () => (connections += 1));
      servers.push(server);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, connections: () => connections };
    },
    track(server) {
      servers.push(server);
    },
    async closeAll() {
      await Promise.all(
        servers.splice(0).map((server) => new Promise<void>((resolve) => server.close(() => resolve()))),
      );
    },
  };
}

/** A Node body stream read to its end as UTF-8 text. */
export function readText(body: Readable): Promise<string> {
  return new Promise((resolve, reject) => {
    let all = '';
    body.setEncoding('utf8');
    body.on('data', (chunk: string) => (all += chunk));
    body.once('end', () => resolve(all));
    body.once('error', reject);
  });
}
