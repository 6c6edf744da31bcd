import type { ServerResponse } from 'node:http';
import type { HttpReply } from './dialect.js';

/** Writes a complete non-streaming answer (nothing when the client is already gone). */
export function sendReply(response: ServerResponse, reply: HttpReply): void {
  if (response.destroyed) return;
  response.writeHead(reply.status, { 'content-length': String(Buffer.byteLength(reply.body)), ...reply.headers });
  response.end(reply.body);
}
