import { describe, expect, it } from 'vitest';
import { createIsoTime } from './iso-time.js';

describe('createIsoTime', () => {
  it('formats each time as toISOString does, the same millisecond again included', () => {
    const isoTime = createIsoTime();
    for (const ms of [0, 1_796_476_729_123, 1_796_476_729_123, 1_796_476_729_124, 1_796_476_729_123.7, 5]) {
      expect(isoTime(ms)).toBe(new Date(ms).toISOString());
    }
  });
});
