import type { IncomingMessage } from 'node:http';
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
async function readBounded(body: ReadableStream<Uint8Array>, limit: number): Promise<string> {
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
  return Buffer.concat(chunks).toString('utf8');
}

/** A JSON request body, parsed, and the text it was parsed from (what a pass-through forwards). */
export interface JsonBody {
  value: unknown;
  text: string;
}

/**
 * Reads and parses a JSON request body no larger than `limit` bytes. A declared
 * `content-length` over the limit is refused before reading anything.
 * @throws GatewayRequestError 413 when too large, 400 when empty or not JSON.
 */
export async function readJsonBody(request: Request, limit: number): Promise<unknown> {
  return (await readJsonBodyText(request, limit)).value;
}

/** {@link readJsonBody}, keeping the text too. */
export async function readJsonBodyText(request: Request, limit: number): Promise<JsonBody> {
  const declared = request.headers.get('content-length');
  let text: string;
  if (declared !== null) {
    if (Number(declared) > limit) throw tooLarge(limit);
    text = await request.text();
  } else {
    text = request.body ? await readBounded(request.body, limit) : '';
  }
  return { value: parseJsonText(text), text };
}

function parseJsonText(text: string): unknown {
  if (text.length === 0)
    throw new GatewayRequestError('INVALID_REQUEST', 'The request body is empty; send a JSON object.');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new GatewayRequestError('INVALID_REQUEST', 'The request body is not valid JSON.', {
      apiCode: 'invalid_json',
    });
  }
}

/**
 * {@link readJsonBodyText} for a request Node serves directly (the gateway's fast path): the same
 * limit, refusals and errors, read off the `IncomingMessage` without a web `Request`. Reading
 * stops at the limit; what is left of the body is Node's to discard.
 */
export function readNodeJsonBody(incoming: IncomingMessage, limit: number): Promise<JsonBody> {
  const declared = incoming.headers['content-length'];
  if (declared !== undefined && Number(declared) > limit) return Promise.reject(tooLarge(limit));
  return new Promise<JsonBody>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = (): void => {
      incoming.off('data', onData);
      incoming.off('end', onEnd);
      incoming.off('error', onError);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        stop();
        incoming.pause();
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      stop();
      const text = chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8');
      try {
        resolve({ value: parseJsonText(text), text });
      } catch (error) {
        reject(error);
      }
    };
    const onError = (error: Error): void => {
      stop();
      reject(error);
    };
    incoming.on('data', onData);
    incoming.on('end', onEnd);
    incoming.on('error', onError);
  });
}
