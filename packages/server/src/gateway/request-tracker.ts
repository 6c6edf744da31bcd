/** The requests a gateway is serving, so shutdown can wait for them and then cut the rest. */
export interface RequestTracker {
  /** Registers a request; call the returned function once when its response has ended. */
  add(controller: AbortController): () => void;
  readonly size: number;
  /** Resolves once no request is open (at once when none is). */
  idle(): Promise<void>;
  /** Aborts every open request (their streams end with an explicit error event). */
  abortAll(reason: unknown): void;
}

/** Creates an empty {@link RequestTracker}. */
export function createRequestTracker(): RequestTracker {
  const open = new Set<AbortController>();
  let waiters: (() => void)[] = [];
  return {
    add(controller) {
      open.add(controller);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        open.delete(controller);
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
      for (const controller of open) controller.abort(reason);
    },
  };
}
