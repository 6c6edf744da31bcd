import type { IncomingMessage } from 'node:http';
import { InvalidJsonBodyError, scanJsonBody, type JsonBody } from '@switchboard/core';
import { GatewayRequestError } from './gateway-request-error.js';

/** Default largest request body: 10 MiB (room for a few inline images). */
export const DEFAULT_BODY_LIMIT_BYTES = 10 * 1024 * 1024;

function tooLarge(limit: number): GatewayRequestError {
  return new GatewayRequestError(
    'INVALID_REQUEST',
    `The request body is larger than the gateway's limit of ${limit} bytes.`,
    {
      status: 413,
      apiCode: 'request_too_large',
    },
  );
}

/** Reads a body of unknown length (chunked), stopping as soon as it passes `limit`. */
async function readBounded(body: ReadableStream<Uint8Array>, limit: number): Promise<Buffer> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/**
 * Reads a JSON request body no larger than `limit` bytes, its top level checked (one JSON
 * object) and kept as bytes: members are parsed when asked for (see {@link JsonBody}). A
 * declared `content-length` over the limit is refused before reading anything.
 * @throws GatewayRequestError 413 when too large, 400 when empty or not a JSON object.
 */
export async function readJsonBody(request: Request, limit: number): Promise<JsonBody> {
  const declared = request.headers.get('content-length');
  let bytes: Buffer;
  if (declared !== null) {
    if (Number(declared) > limit) throw tooLarge(limit);
    bytes = Buffer.from(await request.arrayBuffer());
  } else {
    bytes = request.body ? await readBounded(request.body, limit) : Buffer.alloc(0);
  }
  return jsonBodyFrom(bytes);
}

/** The body of `bytes`, or the one clear reason it is refused. */
function jsonBodyFrom(bytes: Buffer): JsonBody {
  const body = scanJsonBody(bytes);
  if (body) return body;
  if (bytes.length === 0)
    throw new GatewayRequestError('INVALID_REQUEST', 'The request body is empty; send a JSON object.');
  // Not one object at the top level: JSON of another kind, or not JSON at all.
  try {
    JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new InvalidJsonBodyError();
  }
  throw new GatewayRequestError('INVALID_REQUEST', 'The request body must be a JSON object.');
}

/**
 * {@link readJsonBody} for a request Node serves directly (the gateway's fast path): the same
 * limit, refusals and errors, read off the `IncomingMessage` without a web `Request` or a
 * promise; `done` gets the body or the failure, once. Reading stops at the limit; what is left
 * of the body is Node's to discard.
 */
export function readNodeJsonBody(
  incoming: IncomingMessage,
  limit: number,
  done: (failure: unknown, body?: JsonBody) => void,
): void {
  const declared = incoming.headers['content-length'];
  if (declared !== undefined && Number(declared) > limit) return done(tooLarge(limit));
  const chunks: Buffer[] = [];
  let size = 0;
  // The listeners stay on (removing them costs more than the flag): `done` is called once.
  let settled = false;
  const onData = (chunk: Buffer): void => {
    if (settled) return;
    size += chunk.length;
    if (size > limit) {
      settled = true;
      incoming.off('data', onData);
      incoming.pause();
      done(tooLarge(limit));
      return;
    }
    chunks.push(chunk);
  };
  const onEnd = (): void => {
    if (settled) return;
    settled = true;
    let body: JsonBody;
    try {
      body = jsonBodyFrom(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
    } catch (error) {
      done(error);
      return;
    }
    done(undefined, body);
  };
  const onError = (error: Error): void => {
    if (settled) return;
    settled = true;
    done(error);
  };
  incoming.on('data', onData);
  incoming.on('end', onEnd);
  incoming.on('error', onError);
}
