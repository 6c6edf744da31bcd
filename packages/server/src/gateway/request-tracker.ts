/** What shutdown can do to an open request: abort it (an `AbortController`, or anything that aborts like one). */
export interface AbortableRequest {
  abort(reason?: unknown): void;
}

/** The requests a gateway is serving, so shutdown can wait for them and then cut the rest. */
export interface RequestTracker {
  /** Registers a request; call the returned function once when its response has ended. */
  add(request: AbortableRequest): () => void;
  readonly size: number;
  /** Resolves once no request is open (at once when none is). */
  idle(): Promise<void>;
  /** Aborts every open request (their streams end with an explicit error event). */
  abortAll(reason: unknown): void;
}

/** Creates an empty {@link RequestTracker}. */
export function createRequestTracker(): RequestTracker {
  const open = new Set<AbortableRequest>();
  let waiters: (() => void)[] = [];
  return {
    add(request) {
      open.add(request);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        open.delete(request);
        if (open.size === 0 && waiters.length > 0) {
          const done = waiters;
          waiters = [];
          for (const resolve of done) resolve();
        }
      };
    },
    get size() {
      return open.size;
    },
    idle() {
      if (open.size === 0) return Promise.resolve();
      return new Promise((resolve) => waiters.push(resolve));
    },
    abortAll(reason) {
      for (const request of open) request.abort(reason);
    },
  };
}
