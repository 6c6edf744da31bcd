import { createServer } from 'node:net';

/**
 * A 127.0.0.1 port nothing listens on right now (bound on port 0, then released): for a
 * server's allow-list that must name the port a client will bind, or for a closed port.
 */
export async function freeLoopbackPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}
