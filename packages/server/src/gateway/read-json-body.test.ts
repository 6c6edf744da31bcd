import type { IncomingMessage } from 'node:http';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { isSwitchboardError } from '@switchboard/core';
import { readJsonBody, readNodeJsonBody } from './read-json-body.js';
import { toSwitchboardError } from './to-switchboard-error.js';

async function failure(
  promise: Promise<unknown>,
): Promise<{ code: string; status: number | undefined; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (isSwitchboardError(error)) return { code: error.code, status: error.status, message: error.message };
    throw error;
  }
  throw new Error('expected a failure');
}

function chunkedRequest(parts: string[]): Request {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const part of parts) controller.enqueue(encoder.encode(part));
      controller.close();
    },
  });
  return new Request('http://127.0.0.1/x', { method: 'POST', body, duplex: 'half' } as RequestInit);
}

describe('readJsonBody', () => {
  it('parses JSON with or without a declared length', async () => {
    const declared = await readJsonBody(new Request('http://127.0.0.1/x', { method: 'POST', body: '{"a":1}' }), 100);
    expect(declared.value()).toEqual({ a: 1 });
    const chunked = await readJsonBody(chunkedRequest(['{"a":', '[1,2]}']), 100);
    expect(chunked.member('a')).toEqual([1, 2]);
    expect(chunked.bytes.toString()).toBe('{"a":[1,2]}');
  });

  it('refuses bodies over the limit with 413, declared or streamed', async () => {
    const declared = new Request('http://127.0.0.1/x', { method: 'POST', body: 'x'.repeat(101) });
    expect(await failure(readJsonBody(declared, 100))).toMatchObject({ code: 'INVALID_REQUEST', status: 413 });
    expect(await failure(readJsonBody(chunkedRequest(['x'.repeat(60), 'x'.repeat(60)]), 100))).toMatchObject({
      status: 413,
    });
  });

  it('refuses empty bodies and malformed JSON with 400', async () => {
    expect(
      await failure(readJsonBody(new Request('http://127.0.0.1/x', { method: 'POST', body: '' }), 100)),
    ).toMatchObject({ code: 'INVALID_REQUEST', status: undefined, message: expect.stringContaining('empty') });
    expect(
      await failure(readJsonBody(new Request('http://127.0.0.1/x', { method: 'POST', body: '{"a":' }), 100)),
    ).toMatchObject({ message: expect.stringContaining('not valid JSON') });
    const request = (body: string): Request => new Request('http://127.0.0.1/x', { method: 'POST', body });
    expect(await failure(readJsonBody(request('[{"model":"a"}]'), 100))).toMatchObject({
      code: 'INVALID_REQUEST',
      message: 'The request body must be a JSON object.',
    });
    expect(await failure(readJsonBody(request('{"model":"a"} trailing'), 100))).toMatchObject({
      message: 'The request body is not valid JSON.',
    });
    // At the edge, a top level that is not JSON is answered as a member that is not JSON is.
    const answered = await readJsonBody(request('{"a":'), 100).catch((error: unknown) => toSwitchboardError(error));
    expect(answered).toMatchObject({ code: 'INVALID_REQUEST', apiCode: 'invalid_json', status: undefined });
  });

  it('checks only the top level up front; a member that is not JSON is refused when read, as invalid_json', async () => {
    const body = await readJsonBody(
      new Request('http://127.0.0.1/x', { method: 'POST', body: '{"model":"a","stream":tru}' }),
      100,
    );
    expect(body.member('model')).toBe('a');
    // Whichever step reads it, the gateway's edge answers it as any body that is not JSON.
    const refusalOf = (read: () => unknown) => {
      try {
        read();
      } catch (error) {
        return toSwitchboardError(error);
      }
      throw new Error('expected the read to fail');
    };
    expect(refusalOf(() => body.member('stream'))).toMatchObject({ apiCode: 'invalid_json' });
    expect(refusalOf(() => body.value())).toMatchObject({ apiCode: 'invalid_json', status: undefined });
  });
});

describe('readNodeJsonBody', () => {
  /** A request body as Node's server hands it over: a readable stream with headers. */
  function incoming(headers: Record<string, string> = {}): PassThrough & IncomingMessage {
    return Object.assign(new PassThrough(), { headers }) as unknown as PassThrough & IncomingMessage;
  }

  it('calls back once with the body, even when the request fails after it was read', async () => {
    const request = incoming();
    const calls: unknown[][] = [];
    readNodeJsonBody(request, 1024, (...args) => calls.push(args));
    request.end('{"model":"gpt-5"}');
    await new Promise((resolve) => request.once('end', resolve));
    request.emit('error', new Error('socket hang up'));
    expect(calls).toHaveLength(1);
    const [failure, body] = calls[0]!;
    expect(failure).toBeUndefined();
    expect((body as { member(name: string): unknown }).member('model')).toBe('gpt-5');
  });

  it('calls back once with 413 when the body passes the limit, and reads no further', async () => {
    const request = incoming();
    const calls: unknown[][] = [];
    readNodeJsonBody(request, 8, (...args) => calls.push(args));
    request.write('{"model":');
    request.write('"gpt-5"}');
    await new Promise((resolve) => setImmediate(resolve));
    request.emit('error', new Error('socket hang up'));
    expect(calls).toHaveLength(1);
    expect(toSwitchboardError(calls[0]![0]).status).toBe(413);
    expect(request.isPaused()).toBe(true);
  });
});
