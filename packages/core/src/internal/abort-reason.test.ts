import { describe, expect, it } from 'vitest';
import { SwitchboardError } from '../errors.js';
import { abortKindOfReason, timeoutReason } from './abort-reason.js';

describe('abortKindOfReason', () => {
  it('a deadline is a timeout, however it was raised', () => {
    expect(abortKindOfReason(timeoutReason('too slow'))).toBe('timeout');
    expect(abortKindOfReason(new DOMException('x', 'TimeoutError'))).toBe('timeout');
    expect(abortKindOfReason(new SwitchboardError('TIMEOUT', 'slow'))).toBe('timeout');
  });

  it('anything else is a cancellation', () => {
    const controller = new AbortController();
    controller.abort();
    expect(abortKindOfReason(controller.signal.reason)).toBe('cancel');
    expect(abortKindOfReason(new SwitchboardError('CANCELLED', 'stopped'))).toBe('cancel');
    expect(abortKindOfReason(undefined)).toBe('cancel');
    expect(abortKindOfReason('timeout')).toBe('cancel');
  });
});
