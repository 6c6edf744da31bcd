import { request as httpsRequest, createServer, type Agent, type Server } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { createTestCertificateAuthority } from '@switchboard/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { createRoutingHttpsAgent } from './create-routing-agent.js';

// A real TLS server on loopback, with a certificate from the testkit's throwaway authority.
const ca = createTestCertificateAuthority();
const issued = ca.issue('127.0.0.1');
const servers: Server[] = [];
const agents: Agent[] = [];

afterEach(async () => {
  for (const agent of agents.splice(0)) agent.destroy();
  await Promise.all(
    servers.splice(0).map((server) => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    }),
  );
});

/** An HTTPS server counting the connections it accepted. */
async function serve(handler: Parameters<typeof createServer>[1]) {
  const server = createServer({ cert: issued.certificatePem, key: issued.keyPem }, handler);
  let connections = 0;
  server.on('secureConnection', (_socket: Socket) => (connections += 1));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `https://127.0.0.1:${port}/`, connections: () => connections };
}

function agent(idleMs?: number): Agent {
  const created = createRoutingHttpsAgent({
    proxyFor: () => undefined,
    ca: [ca.certificatePem],
    ...(idleMs === undefined ? {} : { idleMs }),
  });
  agents.push(created);
  return created;
}

function get(url: string, through: Agent): Promise<string> {
  return new Promise((resolve, reject) => {
    const request = httpsRequest(url, { agent: through }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve(text));
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end();
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('createRoutingHttpsAgent', () => {
  it('reuses a recent connection and closes one idle past its own limit, so a stale one is never reused', async () => {
    // Node's server announces `Keep-Alive: timeout=5`: longer than the agent's own 300 ms here.
    const server = await serve((_request, response) => response.end('ok'));
    const through = agent(300);
    expect(await get(server.url, through)).toBe('ok');
    expect(await get(server.url, through)).toBe('ok');
    expect(server.connections()).toBe(1);
    await sleep(500);
    expect(await get(server.url, through)).toBe('ok');
    expect(server.connections()).toBe(2);
  });

  it("closes an idle connection before the server's announced keep-alive timeout", async () => {
    const server = await serve((_request, response) => {
      response.setHeader('keep-alive', 'timeout=2');
      response.end('ok');
    });
    // The agent's own limit is the default (4 s); the server's hint, less Node's one-second margin, is shorter.
    const through = agent();
    expect(await get(server.url, through)).toBe('ok');
    await sleep(1_300);
    expect(await get(server.url, through)).toBe('ok');
    expect(server.connections()).toBe(2);
  });

  it('does not cut an answer that is quiet for longer than the idle limit', async () => {
    const server = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write('data: 1\n\n');
      setTimeout(() => response.end('data: 2\n\n'), 600);
    });
    expect(await get(server.url, agent(200))).toBe('data: 1\n\ndata: 2\n\n');
  });
});
