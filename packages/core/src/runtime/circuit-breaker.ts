/** `closed`: requests flow · `open`: refused until the cool-down ends · `half-open`: one probe may go. */
export type CircuitState = 'closed' | 'open' | 'half-open';

/** Options of {@link createCircuitBreaker}. */
export interface CircuitBreakerOptions {
  /** Clock, epoch ms. */
  now: () => number;
  /** Consecutive failures (errors or timeouts) that open the circuit. Default 3. */
  failureThreshold?: number;
  /** How long an opened circuit refuses requests before one probe may go. Default 30 s. */
  cooldownMs?: number;
}

/** A circuit breaker for one route. */
export interface CircuitBreaker {
  state(): CircuitState;
  /**
   * Whether a request may go now. In `half-open` the first caller gets the single probe slot;
   * everyone else is refused until that probe reports back.
   */
  tryAcquire(): boolean;
  /** The upstream answered (first byte seen): closes the circuit. */
  recordSuccess(): void;
  /**
   * The upstream failed or timed out. `retryAfterMs` (a 429's Retry-After) keeps the circuit
   * open at least that long, even below the failure threshold: the provider asked us to wait.
   */
  recordFailure(options?: { retryAfterMs?: number }): void;
  /** The request ended without telling anything about the route (cancelled, a bad request): frees the probe slot. */
  release(): void;
  /** Milliseconds until a probe is allowed (0 unless open). */
  retryInMs(): number;
}

/**
 * Creates a circuit breaker: it opens after `failureThreshold` consecutive failures, refuses
 * requests for `cooldownMs`, then lets exactly one probe through (half-open); the probe's
 * success closes it, its failure opens it for another cool-down. Time comes only from `now`.
 */
export function createCircuitBreaker(options: CircuitBreakerOptions): CircuitBreaker {
  const { now } = options;
  const threshold = Math.max(1, options.failureThreshold ?? 3);
  const cooldownMs = options.cooldownMs ?? 30_000;
  let consecutiveFailures = 0;
  let openUntil: number | undefined;
  let probeInFlight = false;

  const state = (): CircuitState => {
    if (openUntil === undefined) return 'closed';
    return now() < openUntil ? 'open' : 'half-open';
  };

  return {
    state,
    tryAcquire() {
      switch (state()) {
        case 'closed':
          return true;
        case 'open':
          return false;
        case 'half-open':
          if (probeInFlight) return false;
          probeInFlight = true;
          return true;
      }
    },
    recordSuccess() {
      consecutiveFailures = 0;
      openUntil = undefined;
      probeInFlight = false;
    },
    recordFailure(failure = {}) {
      const wasProbe = probeInFlight;
      probeInFlight = false;
      consecutiveFailures += 1;
      const at = now();
      let until = openUntil !== undefined && openUntil > at ? openUntil : undefined;
      if (wasProbe || consecutiveFailures >= threshold) until = Math.max(until ?? 0, at + cooldownMs);
      if (failure.retryAfterMs !== undefined && failure.retryAfterMs > 0)
        until = Math.max(until ?? 0, at + failure.retryAfterMs);
      if (until !== undefined) openUntil = until;
    },
    release() {
      probeInFlight = false;
    },
    retryInMs() {
      return openUntil === undefined ? 0 : Math.max(0, openUntil - now());
    },
  };
}
