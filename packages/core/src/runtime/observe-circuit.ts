import type { CircuitBreaker } from './circuit-breaker.js';

/**
 * The same breaker, telling `changed` when an outcome opens its circuit or closes it again
 * (half-open counts as still open: only a probe's answer closes it).
 */
export function observeCircuit(breaker: CircuitBreaker, changed: (state: 'open' | 'closed') => void): CircuitBreaker {
  const watch = (record: () => void): void => {
    const before = breaker.state();
    record();
    const after = breaker.state();
    if (before === 'closed' && after !== 'closed') changed('open');
    else if (before !== 'closed' && after === 'closed') changed('closed');
  };
  return {
    state: () => breaker.state(),
    tryAcquire: () => breaker.tryAcquire(),
    recordSuccess: () => watch(() => breaker.recordSuccess()),
    recordFailure: (options) => watch(() => breaker.recordFailure(options)),
    release: () => breaker.release(),
    retryInMs: () => breaker.retryInMs(),
  };
}
