import { describe, expect, it } from 'vitest';
import { createRequestIds } from './create-request-ids.js';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('createRequestIds', () => {
  it('makes distinct version 4 UUIDs, past a refill of its random bytes', () => {
    const newId = createRequestIds();
    const ids = Array.from({ length: 1_000 }, () => newId());
    for (const id of ids) expect(id).toMatch(UUID_V4);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('spreads its digits evenly (random bytes, not a counter)', () => {
    const newId = createRequestIds();
    const counts = new Map<string, number>();
    for (let index = 0; index < 2_000; index += 1) {
      // The first 8 digits: no fixed version or variant bits among them.
      for (const digit of newId().slice(0, 8)) counts.set(digit, (counts.get(digit) ?? 0) + 1);
    }
    expect(counts.size).toBe(16);
    // 16,000 digits, 1,000 expected each: a fair source stays well within ±20 %.
    for (const count of counts.values()) expect(Math.abs(count - 1_000)).toBeLessThan(200);
  });
});
