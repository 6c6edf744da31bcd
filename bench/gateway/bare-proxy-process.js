#!/usr/bin/env node
// The floor of a Node gateway: a bare node:http proxy of the same hop Switchboard makes (the
// caller's token swapped for the upstream key, the path mapped to the upstream's, bytes piped
// both ways over a keep-alive agent). No routing, no parsing, no logging. Measured in the same
// run as Switchboard so the ratios mean something on a shared machine.
// Usage: node bench/gateway/bare-proxy-process.js <upstreamPort>. Prints `{"port":N,"pid":P}`.
import { Agent, createServer, request } from 'node:http';
import { UPSTREAM_KEY } from './bench-config.js';

const upstreamPort = Number(process.argv[2]);
// Idle connections closed as Switchboard's are (4 s, or sooner when the upstream says so), so
// neither reuses a connection the upstream is closing.
const agent = new Agent({ keepAlive: true, timeout: 4_000, maxSockets: 1024, maxFreeSockets: 1024 });

const server = createServer((incoming, outgoing) => {
  const headers = { ...incoming.headers, host: `127.0.0.1:${upstreamPort}`, authorization: `Bearer ${UPSTREAM_KEY}` };
  const upstream = request(
    { host: '127.0.0.1', port: upstreamPort, method: incoming.method, path: `/openai${incoming.url}`, headers, agent },
    (answer) => {
      outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(outgoing);
    },
  );
  upstream.on('error', (error) => {
    // Said on stderr (the bench shows it): a 502 with no reason cannot be told apart.
    process.stderr.write(`bare proxy: upstream request failed: ${error.code ?? error.message}\n`);
    if (!outgoing.headersSent) outgoing.writeHead(502);
    outgoing.end();
  });
  // A caller that goes away cancels the upstream request, as a gateway must.
  outgoing.on('close', () => {
    if (!outgoing.writableFinished) upstream.destroy();
  });
  incoming.pipe(upstream);
});
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: server.address().port, pid: process.pid })}\n`);
});
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
