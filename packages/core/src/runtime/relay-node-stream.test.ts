import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { SwitchboardError } from '../errors.js';
import { relayNodeStream, type RelayNodeStreamOptions } from './relay-node-stream.js';
import { createWireByteScanner } from './wire-byte-scanner.js';

const delta = (text: string) => `data: {"choices":[{"delta":{"content":"${text}"}}],"usage":null}\n\n`;
const USAGE = 'data: {"choices":[],"usage":{"prompt_tokens":3,"completion_tokens":4}}\n\n';
const DONE = 'data: [DONE]\n\n';

/** A relay over a real Node stream standing for the upstream body, and what it reported. */
function relay(options: Partial<RelayNodeStreamOptions> = {}) {
  const body = new PassThrough();
  body.pause();
  const scanner = createWireByteScanner({ wire: 'openai-chat', stripUsageChunk: true, secrets: [] });
  const recorded: Array<{ usage?: unknown; error?: SwitchboardError }> = [];
  const aborts: unknown[] = [];
  const relayed = relayNodeStream({
    opened: {
      kind: 'passthrough-node-stream',
      contentType: 'text/event-stream',
      body,
      first: Buffer.from(delta('one ')),
      scanner,
      target: { url: 'http://upstream', headers: {}, usageOnRequest: true, errors: {} },
    },
    provider: 'openai',
    idleTimeoutMs: 10_000,
    abort: (reason) => {
      aborts.push(reason);
      body.destroy(reason instanceof Error ? reason : undefined);
    },
    encodeError: (error) => `data: {"error":{"code":"${error.code}"}}\n\n`,
    classify: (raw) =>
      raw instanceof SwitchboardError ? raw : new SwitchboardError('STREAM_INTERRUPTED', 'cut', { isRetryable: true }),
    failureOf: () => new SwitchboardError('UPSTREAM_ERROR', 'in-band'),
    end: (result) => recorded.push(result),
    ...options,
  });
  return { body, relayed, recorded, aborts };
}

/** A response stand-in: a real Writable that keeps what it got; `slow` holds each write's callback. */
function sink(slow = false) {
  const chunks: Buffer[] = [];
  const held: Array<() => void> = [];
  const writable = new Writable({
    highWaterMark: 16,
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk);
      if (slow) held.push(() => callback());
      else callback();
    },
  });
  return { writable, text: () => Buffer.concat(chunks).toString(), held };
}

describe('relayNodeStream', () => {
  it('writes the first bytes and the rest, drops the usage chunk the caller did not ask for, records usage once', async () => {
    const { body, relayed, recorded } = relay();
    const out = sink();
    relayed.pipe(out.writable);
    body.end(delta('two') + USAGE + DONE);
    expect(await relayed.ended).toEqual({ error: undefined, cancelled: false });
    expect(out.text()).toBe(delta('one ') + delta('two') + DONE);
    expect(out.writable.writableEnded).toBe(true);
    expect(recorded).toEqual([{ usage: { inputTokens: 3, outputTokens: 4 } }]);
  });

  it('tells the pipe’s listener how the stream ended, once, as `ended` settles (asked for after the end too)', async () => {
    const { body, relayed } = relay();
    const out = sink();
    const told: unknown[] = [];
    relayed.pipe(out.writable, (outcome) => told.push(outcome));
    body.end(delta('two'));
    const outcome = await relayed.ended;
    expect(outcome.error?.code).toBe('STREAM_INTERRUPTED');
    expect(told).toEqual([outcome]);
    // Asked for only now: the promise is made settled.
    const late = relay();
    late.relayed.pipe(sink().writable);
    late.body.end(DONE);
    await new Promise((resolve) => setImmediate(resolve));
    expect(await late.relayed.ended).toEqual({ error: undefined, cancelled: false });
    expect(() => relayed.pipe(sink().writable)).toThrow('piped once');
  });

  it('ends a stream the upstream stops without its end with the caller’s error event', async () => {
    const { body, relayed, recorded } = relay();
    const out = sink();
    relayed.pipe(out.writable);
    body.end(delta('two'));
    const outcome = await relayed.ended;
    expect(outcome.error?.code).toBe('STREAM_INTERRUPTED');
    expect(out.text()).toBe(delta('one ') + delta('two') + 'data: {"error":{"code":"STREAM_INTERRUPTED"}}\n\n');
    expect(recorded[0]?.error?.code).toBe('STREAM_INTERRUPTED');
  });

  it('pauses the upstream while the caller’s response is full, and goes on when it drains', async () => {
    const { body, relayed } = relay();
    const out = sink(true);
    relayed.pipe(out.writable);
    body.write(delta('two'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(body.isPaused()).toBe(true);
    for (let round = 0; round < 10 && out.held.length > 0; round += 1) {
      for (const release of out.held.splice(0)) release();
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(body.isPaused()).toBe(false);
    body.end(DONE);
    const ending = relayed.ended;
    for (let round = 0; round < 10; round += 1) {
      for (const release of out.held.splice(0)) release();
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect((await ending).error).toBeUndefined();
    expect(out.text()).toBe(delta('one ') + delta('two') + DONE);
  });

  it('aborts an upstream that sends nothing for the idle time, ending with the error event', async () => {
    const { relayed, aborts } = relay({
      idleTimeoutMs: 30,
      classify: () => new SwitchboardError('TIMEOUT', 'idle'),
    });
    const out = sink();
    relayed.pipe(out.writable);
    const outcome = await relayed.ended;
    expect(aborts.length).toBeGreaterThan(0);
    expect(outcome.error?.code).toBe('TIMEOUT');
    expect(out.text()).toContain('"code":"TIMEOUT"');
  });

  it('does not time out an upstream a full response holds, and times out its silence once drained', async () => {
    const { body, relayed, aborts } = relay({
      idleTimeoutMs: 40,
      classify: () => new SwitchboardError('TIMEOUT', 'idle'),
    });
    const out = sink(true);
    relayed.pipe(out.writable);
    body.write(delta('two'));
    // Held full for three idle timeouts: the caller is slow, the upstream is not silent.
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(aborts).toHaveLength(0);
    expect(body.isPaused()).toBe(true);
    const started = Date.now();
    for (let round = 0; round < 10 && out.held.length > 0; round += 1) {
      for (const release of out.held.splice(0)) release();
      await new Promise((resolve) => setImmediate(resolve));
    }
    // Drained and read again, the upstream now sends nothing: the idle timeout starts over.
    const outcome = await relayed.ended;
    expect(outcome.error?.code).toBe('TIMEOUT');
    expect(Date.now() - started).toBeGreaterThanOrEqual(35);
    expect(aborts.length).toBeGreaterThan(0);
  });

  it('aborts the upstream when the caller goes away, recording a cancellation', async () => {
    const { body, relayed, recorded, aborts } = relay();
    const out = sink();
    relayed.pipe(out.writable);
    out.writable.destroy();
    expect(await relayed.ended).toEqual({ error: undefined, cancelled: true });
    expect(aborts).toHaveLength(1);
    expect(body.destroyed).toBe(true);
    expect(recorded[0]?.error?.code).toBe('CANCELLED');
  });

  it('passes an upstream error event on and reports it; a read failure gets the caller’s error event', async () => {
    const inBand = relay();
    const out = sink();
    inBand.relayed.pipe(out.writable);
    inBand.body.end('data: {"error":{"message":"overloaded"}}\n\n');
    expect((await inBand.relayed.ended).error?.code).toBe('UPSTREAM_ERROR');
    expect(out.text()).toContain('overloaded');

    const cut = relay();
    const cutOut = sink();
    cut.relayed.pipe(cutOut.writable);
    cut.body.destroy(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    expect((await cut.relayed.ended).error?.code).toBe('STREAM_INTERRUPTED');
    expect(cutOut.text()).toContain('"code":"STREAM_INTERRUPTED"');
  });
});
