import { performance } from 'node:perf_hooks';
import { SwitchboardError, type StreamEvent } from '@switchboard/core';
import type { StreamEncoder } from './stream-encoder.js';
import { toSwitchboardError } from './to-switchboard-error.js';
import type { GatewayRequestState } from './gateway-types.js';

/** A runtime stream whose first event has arrived: the point where the gateway commits to a 200. */
export interface StartedStream {
  first: Exclude<StreamEvent, { type: 'error' }>;
  iterator: AsyncIterator<StreamEvent>;
}

/**
 * Waits for the first event of a runtime stream. A failure before any output throws
 * here, so the caller still answers with the error's own HTTP status (429, 401, 404, …) rather
 * than a 200 followed by an error event.
 */
export async function startStream(
  events: AsyncIterable<StreamEvent>,
  state: GatewayRequestState,
): Promise<StartedStream> {
  const iterator = events[Symbol.asyncIterator]();
  const result = await iterator.next();
  if (result.done) {
    throw new SwitchboardError('STREAM_INTERRUPTED', 'The answer ended before it started.', { isRetryable: true });
  }
  if (result.value.type === 'error') throw result.value.error;
  if (result.value.type === 'start') state.route = result.value.route;
  return { first: result.value, iterator };
}

/** How a streamed response ended. */
export interface StreamOutcome {
  error: SwitchboardError | undefined;
  /** The client went away (or the gateway stopped) before the end. */
  cancelled: boolean;
}

/** Headers of every server-sent-events response of the gateway. */
export const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
  'x-accel-buffering': 'no',
  // Said up front, @hono/node-server writes the head at once; otherwise it first tries to read
  // the whole body to compute a content-length, and waits a timer turn (≈1 ms) when it cannot.
  'transfer-encoding': 'chunked',
};

/** Resolves on the next turn of the event loop: what arrived by then goes out in one write. */
const NEXT_TURN = Symbol('next turn');
function nextTurn(): Promise<typeof NEXT_TURN> {
  return new Promise((resolve) => setImmediate(resolve, NEXT_TURN));
}

/**
 * The server-sent-events body of a started stream. Events the runtime delivers in the same
 * turn of the event loop (usually one upstream packet's worth) are encoded into one chunk, so
 * the socket sees one write per burst instead of one per delta; a slow client slows the
 * upstream read instead of buffering it. Every stream ends explicitly: with the API's clean
 * ending after `finish`, or with its error event — after an `error` event, an iterator that
 * throws, or one that just stops. A client that goes away cancels the body, which aborts the
 * runtime's signal and with it the upstream request.
 */
export function eventStreamResponse(options: {
  started: StartedStream;
  encoder: StreamEncoder;
  state: GatewayRequestState;
  headers: Record<string, string>;
  onEnd(outcome: StreamOutcome): void;
}): Response {
  const { started, encoder, state } = options;
  const { iterator } = started;
  const bytes = new TextEncoder();
  let ended = false;
  let pending: Promise<IteratorResult<StreamEvent>> | undefined = Promise.resolve({
    done: false,
    value: started.first,
  });
  const end = (outcome: StreamOutcome): void => {
    if (ended) return;
    ended = true;
    state.timing.runtimeAnsweredAt = performance.now();
    options.onEnd(outcome);
  };

  /** Encodes one event; returns the text and whether the stream is over. */
  const encodeResult = (result: IteratorResult<StreamEvent>): { text: string; outcome?: StreamOutcome } => {
    if (result.done) {
      const failure = new SwitchboardError('STREAM_INTERRUPTED', 'The answer stopped before it was complete.', {
        isRetryable: true,
      });
      return { text: encoder.fail(failure), outcome: { error: failure, cancelled: false } };
    }
    const event = result.value;
    if (event.type === 'error')
      return {
        text: encoder.fail(event.error),
        outcome: { error: event.error, cancelled: state.controller.signal.aborted },
      };
    const text = encoder.encode(event);
    return event.type === 'finish' ? { text, outcome: { error: undefined, cancelled: false } } : { text };
  };

  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        let text = '';
        let outcome: StreamOutcome | undefined;
        while (outcome === undefined) {
          const next = pending ?? iterator.next();
          let result: IteratorResult<StreamEvent> | typeof NEXT_TURN;
          try {
            result = text === '' ? await next : await Promise.race([next, nextTurn()]);
          } catch (error) {
            const failure = toSwitchboardError(error);
            text += encoder.fail(failure);
            outcome = { error: failure, cancelled: state.controller.signal.aborted };
            break;
          }
          if (result === NEXT_TURN) {
            // Nothing more this turn: send what we have; the read in flight is picked up next pull.
            pending = next;
            break;
          }
          pending = undefined;
          if (ended) return;
          const encoded = encodeResult(result);
          text += encoded.text;
          outcome = encoded.outcome;
        }
        if (text !== '') controller.enqueue(bytes.encode(text));
        if (outcome) {
          controller.close();
          end(outcome);
          // Let the runtime finish its bookkeeping (timers, usage) now rather than at GC.
          void Promise.resolve(iterator.return?.()).catch(() => undefined);
        }
      },
      cancel() {
        // The client went away: stop the upstream request and let the runtime clean up.
        state.controller.abort(new SwitchboardError('CANCELLED', 'The client closed the connection.'));
        void Promise.resolve(iterator.return?.()).catch(() => undefined);
        end({ error: undefined, cancelled: true });
      },
    },
    { highWaterMark: 0 },
  );
  return new Response(body, { status: 200, headers: { ...SSE_HEADERS, ...options.headers } });
}
