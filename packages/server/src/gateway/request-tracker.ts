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

/** One open request in the tracker's list; emptied when released. */
interface OpenRequest {
  request: AbortableRequest | undefined;
  previous: OpenRequest | undefined;
  next: OpenRequest | undefined;
}

/**
 * Creates an empty {@link RequestTracker}.
 *
 * The open requests are a doubly linked list, not a `Set`: a set that gains and loses an entry
 * per request rehashes into a new table every few hundred requests, and V8 keeps the table it
 * replaced (for iterators) holding every request that was open then. Once such a table has
 * lived long enough to be promoted, it keeps those requests, and all they reference, alive
 * through the next scavenges, so they are promoted too and the process spends its time in
 * mark-compacts. A released entry here is unlinked and emptied, so nothing old points at a request
 * that has ended (docs/benchmarks.md, "The request tracker's set").
 */
export function createRequestTracker(): RequestTracker {
  let first: OpenRequest | undefined;
  let size = 0;
  let waiters: (() => void)[] = [];
  return {
    add(request) {
      const entry: OpenRequest = { request, previous: undefined, next: first };
      if (first) first.previous = entry;
      first = entry;
      size += 1;
      return () => {
        if (entry.request === undefined) return;
        if (entry.previous) entry.previous.next = entry.next;
        else first = entry.next;
        if (entry.next) entry.next.previous = entry.previous;
        entry.request = undefined;
        entry.previous = undefined;
        entry.next = undefined;
        size -= 1;
        if (size === 0 && waiters.length > 0) {
          const done = waiters;
          waiters = [];
          for (const resolve of done) resolve();
        }
      };
    },
    get size() {
      return size;
    },
    idle() {
      if (size === 0) return Promise.resolve();
      return new Promise((resolve) => waiters.push(resolve));
    },
    abortAll(reason) {
      // Aborting may release entries (and so unlink them) while the list is walked.
      const requests: AbortableRequest[] = [];
      for (let entry = first; entry; entry = entry.next) requests.push(entry.request!);
      for (const request of requests) request.abort(reason);
    },
  };
}
