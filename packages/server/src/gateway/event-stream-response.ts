import { performance } from 'node:perf_hooks';
import { SwitchboardError, type StreamEvent } from '@switchboard/core';
import type { StreamEncoder } from './stream-encoder.js';
import { toSwitchboardError } from './to-switchboard-error.js';
import type { GatewayRequestState, GatewayRuntime } from './gateway-types.js';
import type { ChatRequest } from '@switchboard/core';

/** A runtime stream whose first event has arrived: the point where the gateway commits to a 200. */
export interface StartedStream {
  first: Exclude<StreamEvent, { type: 'error' }>;
  iterator: AsyncIterator<StreamEvent>;
}

/**
 * Starts a runtime stream and waits for its first event. A failure before any output throws
 * here, so the caller still answers with the error's own HTTP status (429, 401, 404, …) rather
 * than a 200 followed by an error event.
 */
export async function startStream(runtime: GatewayRuntime, request: ChatRequest, state: GatewayRequestState): Promise<StartedStream> {
  state.timing.runtimeStartedAt = performance.now();
  const iterator = runtime.stream(request)[Symbol.asyncIterator]();
  const result = await iterator.next();
  state.timing.runtimeAnsweredAt = performance.now();
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

const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
  'x-accel-buffering': 'no',
};

/**
 * The server-sent-events body of a started stream, pulled one runtime event at a time (so a
 * slow client slows the upstream read instead of buffering it). Every stream ends explicitly:
 * with the API's clean ending after `finish`, or with its error event — after an `error` event,
 * an iterator that throws, or one that just stops. A client that goes away cancels the body,
 * which aborts the runtime's signal and with it the upstream request.
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
  const end = (outcome: StreamOutcome): void => {
    if (ended) return;
    ended = true;
    state.timing.runtimeAnsweredAt = performance.now();
    options.onEnd(outcome);
  };

  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(bytes.encode(encoder.encode(started.first)));
      if (started.first.type === 'finish') {
        controller.close();
        end({ error: undefined, cancelled: false });
      }
    },
    async pull(controller) {
      for (;;) {
        let result: IteratorResult<StreamEvent>;
        try {
          result = await iterator.next();
        } catch (error) {
          const failure = toSwitchboardError(error);
          controller.enqueue(bytes.encode(encoder.fail(failure)));
          controller.close();
          end({ error: failure, cancelled: state.controller.signal.aborted });
          return;
        }
        if (ended) return;
        if (result.done) {
          const failure = new SwitchboardError('STREAM_INTERRUPTED', 'The answer stopped before it was complete.', { isRetryable: true });
          controller.enqueue(bytes.encode(encoder.fail(failure)));
          controller.close();
          end({ error: failure, cancelled: false });
          return;
        }
        const event = result.value;
        if (event.type === 'error') {
          controller.enqueue(bytes.encode(encoder.fail(event.error)));
          controller.close();
          end({ error: event.error, cancelled: state.controller.signal.aborted });
          return;
        }
        const text = encoder.encode(event);
        if (event.type === 'finish') {
          controller.enqueue(bytes.encode(text));
          controller.close();
          end({ error: undefined, cancelled: false });
          void iterator.return?.();
          return;
        }
        if (text !== '') {
          controller.enqueue(bytes.encode(text));
          return;
        }
      }
    },
    cancel() {
      // The client went away: stop the upstream request and let the runtime clean up.
      state.controller.abort(new SwitchboardError('CANCELLED', 'The client closed the connection.'));
      void iterator.return?.()?.catch(() => undefined);
      end({ error: undefined, cancelled: true });
    },
  });
  return new Response(body, { status: 200, headers: { ...SSE_HEADERS, ...options.headers } });
}
