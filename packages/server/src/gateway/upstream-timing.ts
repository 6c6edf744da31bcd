import { AsyncLocalStorage } from 'node:async_hooks';
import { performance } from 'node:perf_hooks';
import type { SendUpstream, UpstreamAnswer, UpstreamReply } from '@switchboard/core';

/** Header carrying the milliseconds a request spent in Switchboard (see {@link RequestTiming}). */
export const OVERHEAD_HEADER = 'x-switchboard-overhead-ms';

/** One upstream HTTP exchange, in `performance.now()` milliseconds. */
export interface UpstreamSpan {
  startedAt: number;
  /** Set only when the call failed outright; otherwise the span ends as {@link RequestTiming} says. */
  endedAt: number | undefined;
}

/**
 * Where one gateway request spent its time. `x-switchboard-overhead-ms` is the request's
 * elapsed time minus the time spent waiting on upstreams:
 *
 * - an upstream span runs from the runtime's `fetch` call until the next call starts (a
 *   refresh, a fallback) or, for the last one, until the runtime hands its answer back: the
 *   first bytes or event of a stream (when the header is sent), its end (the access log's
 *   figure), the whole answer otherwise. The upstream's body is not watched byte by byte (that
 *   cost a web-stream pipe per request), so for answers the runtime converts (AI SDK routes)
 *   the conversion of the first chunk counts as upstream time and the figure is a lower bound;
 *   for passed-through answers it is exact to within the runtime's own handling;
 * - routes that do not go through `fetch` (the `claude` CLI) count the runtime call itself as
 *   the upstream span, which makes the figure a lower bound there too.
 */
export class RequestTiming {
  readonly arrivedAt: number;
  readonly spans: UpstreamSpan[] = [];
  /** When the gateway called the runtime, and when the runtime last handed something back. */
  runtimeStartedAt: number | undefined;
  runtimeAnsweredAt: number | undefined;

  constructor(arrivedAt: number = performance.now()) {
    this.arrivedAt = arrivedAt;
  }

  /** Notes an upstream call starting now; set the span's `endedAt` if it fails outright. */
  startSpan(): UpstreamSpan {
    const span: UpstreamSpan = { startedAt: performance.now(), endedAt: undefined };
    this.spans.push(span);
    return span;
  }

  /** Milliseconds spent in Switchboard up to `now`. */
  overheadMs(now: number = performance.now()): number {
    let upstream = 0;
    const answeredAt = Math.min(now, this.runtimeAnsweredAt ?? now);
    for (let index = 0; index < this.spans.length; index += 1) {
      const span = this.spans[index]!;
      const end = span.endedAt ?? this.spans[index + 1]?.startedAt ?? answeredAt;
      upstream += Math.max(0, end - span.startedAt);
    }
    if (this.spans.length === 0 && this.runtimeStartedAt !== undefined) {
      upstream = (this.runtimeAnsweredAt ?? now) - this.runtimeStartedAt;
    }
    return Math.max(0, now - this.arrivedAt - upstream);
  }
}

/** Links each gateway request to the upstream calls the runtime makes for it. */
export interface UpstreamTiming {
  /** A `fetch` for the runtime that records every call into the current request's timing. */
  wrapFetch(fetch: typeof globalThis.fetch): typeof globalThis.fetch;
  /** The same for the runtime's Node sender (`SendUpstream`). */
  wrapSend(send: SendUpstream): SendUpstream;
  /** Runs `task` (the request's handling) with `timing` as the current request. */
  run<T>(timing: RequestTiming, task: () => T): T;
}

/**
 * Creates the link between requests and upstream calls: an AsyncLocalStorage carries the
 * request's {@link RequestTiming} into the runtime's `fetch`, which notes when each call starts.
 */
export function createUpstreamTiming(): UpstreamTiming {
  const storage = new AsyncLocalStorage<RequestTiming>();
  return {
    run: (timing, task) => storage.run(timing, task),
    wrapSend(send) {
      return (url, post, reply) => {
        const timing = storage.getStore();
        if (!timing) return send(url, post, reply);
        const span = timing.startSpan();
        const exchange = send(url, post, new TimedReply(span, reply));
        // Not sent here (the runtime uses its fetch, which notes its own span).
        if (exchange === undefined) span.endedAt = span.startedAt;
        return exchange;
      };
    },
    wrapFetch(fetch) {
      return async (input, init) => {
        const timing = storage.getStore();
        if (!timing) return fetch(input, init);
        const span = timing.startSpan();
        try {
          return await fetch(input, init);
        } catch (error) {
          span.endedAt = performance.now();
          throw error;
        }
      };
    },
  };
}

/** A reply that notes when a failed call ended: one object per call, no closures. */
class TimedReply implements UpstreamReply {
  constructor(
    private readonly span: UpstreamSpan,
    private readonly reply: UpstreamReply,
  ) {}

  answered(answer: UpstreamAnswer): void {
    this.reply.answered(answer);
  }

  failed(error: unknown): void {
    this.span.endedAt = performance.now();
    this.reply.failed(error);
  }
}
