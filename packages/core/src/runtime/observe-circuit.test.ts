import { describe, expect, it } from 'vitest';
import { createCircuitBreaker } from './circuit-breaker.js';
import { observeCircuit } from './observe-circuit.js';

describe('observeCircuit', () => {
  it('tells when failures open the circuit and when a probe’s success closes it, once each', () => {
    let clock = 0;
    const changes: string[] = [];
    const breaker = observeCircuit(
      createCircuitBreaker({ now: () => clock, failureThreshold: 2, cooldownMs: 1_000 }),
      (state) => changes.push(state),
    );
    breaker.recordFailure();
    expect(changes).toEqual([]);
    breaker.recordFailure();
    breaker.recordFailure();
    expect(changes).toEqual(['open']);
    clock += 1_000;
    expect(breaker.tryAcquire()).toBe(true);
    breaker.recordSuccess();
    breaker.recordSuccess();
    expect(changes).toEqual(['open', 'closed']);
    expect(breaker.state()).toBe('closed');
  });
});
