/**
 * One deadline for one OAuth operation: the caller's AbortSignal (cancel) combined with a
 * timeout. On timeout the signal's reason is a `TimeoutError` DOMException, which is how
 * {@link mapOAuthError} tells TIMEOUT from CANCELLED.
 */
export interface RequestDeadline {
  /** Aborts when the caller cancels or the timeout elapses. */
  signal: AbortSignal;
  /** Stops the timer and unlinks the caller's signal; call when the operation ended. */
  dispose(): void;
}

/** Creates a {@link RequestDeadline} of `timeoutMs` milliseconds, linked to `signal`. */
export function createRequestDeadline(timeoutMs: number, signal?: AbortSignal): RequestDeadline {
  const controller = new AbortController();
  const onCallerAbort = (): void => {
    controller.abort(signal?.reason ?? new DOMException('The operation was aborted.', 'AbortError'));
  };
  // A plain timer (not AbortSignal.timeout) so it can be cleared when the operation ends.
  const timer = setTimeout(() => {
    controller.abort(new DOMException('The operation timed out.', 'TimeoutError'));
  }, timeoutMs);
  timer.unref?.();
  if (signal?.aborted) onCallerAbort();
  else signal?.addEventListener('abort', onCallerAbort, { once: true });
  return {
    signal: controller.signal,
    dispose: () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onCallerAbort);
    },
  };
}
