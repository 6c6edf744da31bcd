import { describe, expect, it } from 'vitest';
import { SwitchboardError } from '../errors.js';
import { guardStream, type SourceEvent } from './guard-stream.js';
import type { RouteTarget, StreamEvent } from './types.js';

const route: RouteTarget = {
  model: 'm',
  provider: 'openai',
  method: 'api-key',
  upstreamId: 'm',
  transport: 'openai-chat',
};
const usage = { inputTokens: 1, outputTokens: 1, totalTokens: 2 };

function guarded(source: (signal: AbortSignal) => AsyncIterable<SourceEvent>, signal?: AbortSignal) {
  return guardStream({
    route,
    signal,
    open: source,
    normalize: (error) =>
      error instanceof SwitchboardError ? error : new SwitchboardError('UPSTREAM_ERROR', String(error)),
    interrupted: () => new SwitchboardError('STREAM_INTERRUPTED', 'cut'),
  });
}

async function drain(events: AsyncIterable<StreamEvent>): Promise<{ events: StreamEvent[]; thrown?: unknown }> {
  const result: StreamEvent[] = [];
  try {
    for await (const event of events) result.push(event);
    return { events: result };
  } catch (error) {
    return { events: result, thrown: error };
  }
}

describe('guardStream', () => {
  it('yields start with the first output and ends at finish', async () => {
    const { events, thrown } = await drain(
      guarded(async function* () {
        yield { type: 'text-delta', text: 'a' };
        yield { type: 'finish', finishReason: 'stop', usage };
        yield { type: 'text-delta', text: 'after finish is ignored' };
      }),
    );
    expect(thrown).toBeUndefined();
    expect(events.map((event) => event.type)).toEqual(['start', 'text-delta', 'finish']);
  });

  it('throws a failure before the first output, yielding nothing', async () => {
    const { events, thrown } = await drain(
      guarded(async function* () {
        yield { type: 'failure', error: new SwitchboardError('RATE_LIMITED', '429') };
      }),
    );
    expect(events).toEqual([]);
    expect(thrown).toMatchObject({ code: 'RATE_LIMITED' });
  });

  it('turns a failure after output into one final error event', async () => {
    const { events, thrown } = await drain(
      guarded(async function* () {
        yield { type: 'text-delta', text: 'partial' };
        throw new Error('socket closed');
      }),
    );
    expect(thrown).toBeUndefined();
    expect(events.map((event) => event.type)).toEqual(['start', 'text-delta', 'error']);
    expect(events[2]).toMatchObject({ error: { code: 'UPSTREAM_ERROR' } });
  });

  it('never ends silently: a source that stops without finish is an interruption', async () => {
    const after = await drain(
      guarded(async function* () {
        yield { type: 'text-delta', text: 'partial' };
      }),
    );
    expect(after.events.at(-1)).toMatchObject({ type: 'error', error: { code: 'STREAM_INTERRUPTED' } });
    const before = await drain(guarded(async function* () {}));
    expect(before.thrown).toMatchObject({ code: 'STREAM_INTERRUPTED' });
  });

  it('aborts the source when the consumer stops reading', async () => {
    let sourceSignal: AbortSignal | undefined;
    const stream = guarded(async function* (signal) {
      sourceSignal = signal;
      yield { type: 'text-delta', text: 'one' };
      yield { type: 'text-delta', text: 'two' };
    });
    for await (const event of stream) if (event.type === 'text-delta') break;
    expect(sourceSignal?.aborted).toBe(true);
  });

  it('after finish the source is closed without aborting it, whether the consumer reads on or stops there', async () => {
    for (const stopAtFinish of [false, true]) {
      let sourceSignal: AbortSignal | undefined;
      let closed = false;
      const stream = guarded(async function* (signal) {
        sourceSignal = signal;
        try {
          yield { type: 'text-delta', text: 'one' };
          yield { type: 'finish', finishReason: 'stop', usage };
          yield { type: 'text-delta', text: 'never read' };
        } finally {
          closed = true;
        }
      });
      const types: string[] = [];
      for await (const event of stream) {
        types.push(event.type);
        if (stopAtFinish && event.type === 'finish') break;
      }
      expect(types).toEqual(['start', 'text-delta', 'finish']);
      expect(closed).toBe(true);
      expect(sourceSignal?.aborted).toBe(false);
    }
  });

  it('an already aborted caller signal fails before opening the source', async () => {
    let opened = false;
    const controller = new AbortController();
    controller.abort();
    const { thrown } = await drain(
      guarded(async function* () {
        opened = true;
        yield { type: 'finish', finishReason: 'stop', usage };
      }, controller.signal),
    );
    expect(opened).toBe(false);
    expect(thrown).toBeInstanceOf(SwitchboardError);
  });
});
