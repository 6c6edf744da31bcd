import { AsyncLocalStorage } from 'node:async_hooks';
import { performance } from 'node:perf_hooks';

/** One upstream HTTP exchange, in `performance.now()` milliseconds. */
interface UpstreamSpan {
  startedAt: number;
  /** The first byte of the response body. */
  firstByteAt: number | undefined;
  /** The last byte of the response body (or the failure). */
  endedAt: number | undefined;
}

/**
 * Where one gateway request spent its time. `x-switchboard-overhead-ms` is the request's
 * elapsed time minus the time spent waiting on upstreams:
 *
 * - an upstream span runs from the runtime's `fetch` call to the last byte of that response
 *   body (several spans when the runtime refreshed or fell back);
 * - a streamed response's header is sent at the gateway's first byte, while the upstream is
 *   still streaming: there the open span counts only up to the upstream's first body byte, so
 *   the header says "arrival → upstream call" plus "upstream first byte → our first byte";
 * - routes that do not go through `fetch` (the `claude` CLI) count the runtime call itself as
 *   the upstream span, which makes the figure a lower bound there.
 */
export class RequestTiming {
  readonly arrivedAt: number;
  readonly spans: UpstreamSpan[] = [];
  /** Runtime call window, used only when no upstream fetch was seen. */
  runtimeStartedAt: number | undefined;
  runtimeAnsweredAt: number | undefined;

  constructor(arrivedAt: number = performance.now()) {
    this.arrivedAt = arrivedAt;
  }

  /**
   * Milliseconds spent in Switchboard so far. `atFirstByte` counts a still-open upstream span
   * only up to its first byte (the streaming header); otherwise up to `now`.
   */
  overheadMs(now: number = performance.now(), atFirstByte = false): number {
    let upstream = 0;
    for (const span of this.spans) {
      const end = span.endedAt ?? (atFirstByte ? (span.firstByteAt ?? now) : now);
      upstream += end - span.startedAt;
    }
    if (this.spans.length === 0 && this.runtimeStartedAt !== undefined) {
      upstream = (this.runtimeAnsweredAt ?? now) - this.runtimeStartedAt;
    }
    return Math.max(0, now - this.arrivedAt - upstream);
  }
}

/** Statuses whose responses never carry a body (the Response constructor refuses one). */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/** Links each gateway request to the upstream calls the runtime makes for it. */
export interface UpstreamTiming {
  /** A `fetch` for the runtime that records every call into the current request's timing. */
  wrapFetch(fetch: typeof globalThis.fetch): typeof globalThis.fetch;
  /** Runs `task` (the request's handling) with `timing` as the current request. */
  run<T>(timing: RequestTiming, task: () => T): T;
}

/**
 * Creates the link between requests and upstream calls: an AsyncLocalStorage carries the
 * request's {@link RequestTiming} into the runtime's `fetch`, whose response body is passed
 * through a TransformStream that notes its first and last byte.
 */
export function createUpstreamTiming(): UpstreamTiming {
  const storage = new AsyncLocalStorage<RequestTiming>();
  return {
    run: (timing, task) => storage.run(timing, task),
    wrapFetch(fetch) {
      return async (input, init) => {
        const timing = storage.getStore();
        if (!timing) return fetch(input, init);
        const span: UpstreamSpan = { startedAt: performance.now(), firstByteAt: undefined, endedAt: undefined };
        timing.spans.push(span);
        let response: Response;
        try {
          response = await fetch(input, init);
        } catch (error) {
          span.endedAt = performance.now();
          throw error;
        }
        if (!response.body || NULL_BODY_STATUSES.has(response.status)) {
          span.endedAt = performance.now();
          return response;
        }
        const body = response.body.pipeThrough(
          new TransformStream<Uint8Array, Uint8Array>({
            transform(chunk, controller) {
              span.firstByteAt ??= performance.now();
              controller.enqueue(chunk);
            },
            flush() {
              span.endedAt = performance.now();
            },
            cancel() {
              span.endedAt = performance.now();
            },
          }),
        );
        return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
      };
    },
  };
}
