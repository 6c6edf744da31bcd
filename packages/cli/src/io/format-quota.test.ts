import { describe, expect, it } from 'vitest';
import { describeReset, formatQuotaSummary, windowLabel } from './format-quota.js';

const NOW = Date.UTC(2026, 11, 3, 10, 0, 0);

describe('format-quota', () => {
  it('names windows as people say them', () => {
    expect(windowLabel({ id: 'codex.primary', usedPercent: 1, windowMinutes: 300 })).toBe('5h');
    expect(windowLabel({ id: 'codex.secondary', usedPercent: 1, windowMinutes: 10_080 })).toBe('week');
    expect(windowLabel({ id: 'x.primary', usedPercent: 1, windowMinutes: 45, limitName: 'sonic' })).toBe('sonic 45m');
    expect(windowLabel({ id: 'x.secondary', usedPercent: 1 })).toBe('long window');
  });

  it('says when a window resets', () => {
    expect(describeReset(NOW + 59 * 60_000, NOW)).toBe('in 59m');
    expect(describeReset(NOW + (26 * 60 + 5) * 60_000, NOW)).toBe('in 1d 2h');
    expect(describeReset(NOW - 1, NOW)).toBe('now');
  });

  it('summarizes a report on one line with its age', () => {
    expect(
      formatQuotaSummary(
        {
          provider: 'openai',
          method: 'oauth',
          source: 'codex-response-headers',
          observedAt: NOW - 5 * 60_000,
          windows: [
            { id: 'codex.primary', usedPercent: 12.54, windowMinutes: 300, resetsAt: NOW + 3_600_000 },
            { id: 'codex.secondary', usedPercent: 40, windowMinutes: 10_080 },
          ],
          limitReached: 'rate_limit_reached',
        },
        NOW,
      ),
    ).toBe('5h: 12.5% used, resets in 1h 0m · week: 40% used · limit reached (rate_limit_reached) (as of 5m ago)');
  });
});
