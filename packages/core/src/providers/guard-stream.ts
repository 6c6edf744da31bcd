import type { SwitchboardError } from '../errors.js';
import type { RouteTarget, StreamEvent } from './types.js';

/** What an adapter's raw stream produces: output events, or a failure still to be normalized. */
export type SourceEvent =
  Exclude<StreamEvent, { type: 'start' } | { type: 'error' }> | { type: 'failure'; error: unknown };

/** Options of {@link guardStream}. */
export interface GuardStreamOptions {
  route: RouteTarget;
  /** The caller's signal (`ChatRequest.signal`). */
  signal?: AbortSignal | undefined;
  /** Starts the upstream call; `signal` fires when the caller aborts or stops reading. */
  open(signal: AbortSignal): AsyncIterable<SourceEvent> | Promise<AsyncIterable<SourceEvent>>;
  /** Maps any failure (thrown or in-band) to a SwitchboardError. */
  normalize(error: unknown): SwitchboardError;
  /** The error for a stream that ended without `finish`. */
  interrupted(): SwitchboardError;
}

/**
 * Turns an adapter's raw event source into the {@link StreamEvent} contract of
 * `ProviderRuntime.streamGenerate`: nothing is yielded until the upstream produced output, so a
 * failure before that is thrown (and the runtime may fall back); after it, a failure becomes
 * one final `error` event; a source that just stops without `finish` is an interruption, never
 * a clean end. Leaving the loop early aborts the upstream call.
 */
export async function* guardStream(options: GuardStreamOptions): AsyncGenerator<StreamEvent, void, undefined> {
  const controller = new AbortController();
  const onAbort = (): void => controller.abort(options.signal?.reason);
  if (options.signal?.aborted) throw options.normalize(options.signal.reason);
  options.signal?.addEventListener('abort', onAbort, { once: true });
  let started = false;
  let finished = false;
  try {
    const source = await options.open(controller.signal);
    for await (const event of source) {
      if (event.type === 'failure') {
        const error = options.normalize(event.error);
        if (!started) throw error;
        yield { type: 'error', error };
        return;
      }
      if (!started) {
        started = true;
        yield { type: 'start', route: options.route };
      }
      // Set before yielding: a consumer that stops reading at `finish` leaves nothing to cancel.
      if (event.type === 'finish') finished = true;
      yield event;
      if (finished) return;
    }
    const error = options.signal?.aborted ? options.normalize(options.signal.reason) : options.interrupted();
    if (!started) throw error;
    yield { type: 'error', error };
  } catch (error) {
    const normalized = options.normalize(error);
    if (!started) throw normalized;
    yield { type: 'error', error: normalized };
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    // The consumer left early or the stream failed: the upstream call ends here. After `finish`
    // the upstream is done and the source has already run its own cleanup, so no AbortError is
    // built for every successful request.
    if (!finished) controller.abort();
  }
}
