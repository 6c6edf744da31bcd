import { createServer, connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A TCP relay in front of the fake upstream that sees every upstream connection the gateway
 * opens: how many are open and how many bytes came back. A closed connection here is the
 * proof, at the upstream's side, that the gateway gave up a request.
 */
export interface CountingProxy {
  readonly url: string;
  readonly openConnections: number;
  readonly connectionsSeen: number;
  /** Bytes relayed from the upstream back to the gateway. */
  readonly bytesFromUpstream: number;
  close(): Promise<void>;
}

export async function startCountingProxy(targetPort: number): Promise<CountingProxy> {
  const sockets = new Set<Socket>();
  let open = 0;
  let seen = 0;
  let bytes = 0;
  const server = createServer((client) => {
    seen += 1;
    open += 1;
    const upstream = connect(targetPort, '127.0.0.1');
    sockets.add(client);
    sockets.add(upstream);
    let closed = false;
    const closeBoth = (): void => {
      if (!closed) {
        closed = true;
        open -= 1;
      }
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    upstream.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
    });
    client.pipe(upstream);
    upstream.pipe(client);
    client.on('close', closeBoth);
    upstream.on('close', closeBoth);
    client.on('error', closeBoth);
    upstream.on('error', closeBoth);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get openConnections() {
      return open;
    },
    get connectionsSeen() {
      return seen;
    },
    get bytesFromUpstream() {
      return bytes;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
