import { describe, expect, it } from 'vitest';
import { createCircuitBreaker } from './circuit-breaker.js';

function clock(start = 1_000_000) {
  let time = start;
  return { now: () => time, advance: (milliseconds: number) => (time += milliseconds) };
}

describe('createCircuitBreaker', () => {
  it('opens after the threshold of consecutive failures, cools down, and lets exactly one probe through', () => {
    const time = clock();
    const breaker = createCircuitBreaker({ now: time.now, failureThreshold: 3, cooldownMs: 30_000 });
    for (let index = 0; index < 2; index += 1) {
      expect(breaker.tryAcquire()).toBe(true);
      breaker.recordFailure();
    }
    expect(breaker.state()).toBe('closed');
    expect(breaker.tryAcquire()).toBe(true);
    breaker.recordFailure();
    expect(breaker.state()).toBe('open');
    expect(breaker.tryAcquire()).toBe(false);
    expect(breaker.retryInMs()).toBe(30_000);

    time.advance(29_999);
    expect(breaker.tryAcquire()).toBe(false);
    time.advance(1);
    expect(breaker.state()).toBe('half-open');
    expect(breaker.tryAcquire()).toBe(true);
    // The probe is in flight: nobody else goes.
    expect(breaker.tryAcquire()).toBe(false);
    breaker.recordSuccess();
    expect(breaker.state()).toBe('closed');
    expect(breaker.tryAcquire()).toBe(true);
    expect(breaker.tryAcquire()).toBe(true);
  });

  it('a success resets the count: only consecutive failures open it', () => {
    const time = clock();
    const breaker = createCircuitBreaker({ now: time.now, failureThreshold: 2 });
    breaker.recordFailure();
    breaker.recordSuccess();
    breaker.recordFailure();
    expect(breaker.state()).toBe('closed');
    breaker.recordFailure();
    expect(breaker.state()).toBe('open');
  });

  it('a failed probe opens it for another full cool-down', () => {
    const time = clock();
    const breaker = createCircuitBreaker({ now: time.now, failureThreshold: 1, cooldownMs: 10_000 });
    breaker.recordFailure();
    time.advance(10_000);
    expect(breaker.tryAcquire()).toBe(true);
    time.advance(500);
    breaker.recordFailure();
    expect(breaker.state()).toBe('open');
    expect(breaker.retryInMs()).toBe(10_000);
    time.advance(10_000);
    expect(breaker.state()).toBe('half-open');
  });

  it('release frees the probe slot without deciding anything', () => {
    const time = clock();
    const breaker = createCircuitBreaker({ now: time.now, failureThreshold: 1, cooldownMs: 1_000 });
    breaker.recordFailure();
    time.advance(1_000);
    expect(breaker.tryAcquire()).toBe(true);
    breaker.release();
    expect(breaker.state()).toBe('half-open');
    expect(breaker.tryAcquire()).toBe(true);
  });

  it('a Retry-After keeps it open that long even below the threshold', () => {
    const time = clock();
    const breaker = createCircuitBreaker({ now: time.now, failureThreshold: 5, cooldownMs: 1_000 });
    breaker.recordFailure({ retryAfterMs: 60_000 });
    expect(breaker.state()).toBe('open');
    expect(breaker.retryInMs()).toBe(60_000);
    time.advance(59_000);
    expect(breaker.tryAcquire()).toBe(false);
    time.advance(1_000);
    expect(breaker.tryAcquire()).toBe(true);
  });
});
