import { describe, expect, it } from 'vitest';
import { parseCodexRateLimits } from './parse-codex-rate-limits.js';

const NOW = Date.UTC(2026, 11, 3, 10, 0, 0);

describe('parseCodexRateLimits', () => {
  it('reads the primary and secondary windows of the codex family, reset-at in Unix seconds', () => {
    const snapshot = parseCodexRateLimits(
      new Headers({
        'x-codex-primary-used-percent': '12.5',
        'x-codex-primary-window-minutes': '300',
        'x-codex-primary-reset-at': String(NOW / 1000 + 3600),
        'x-codex-secondary-used-percent': '40',
        'x-codex-secondary-window-minutes': '10080',
        'x-codex-secondary-reset-at': String(NOW / 1000 + 86_400),
      }),
      NOW,
    );
    expect(snapshot).toEqual({
      provider: 'openai',
      method: 'oauth',
      source: 'codex-response-headers',
      observedAt: NOW,
      windows: [
        { id: 'codex.primary', usedPercent: 12.5, windowMinutes: 300, resetsAt: NOW + 3_600_000 },
        { id: 'codex.secondary', usedPercent: 40, windowMinutes: 10_080, resetsAt: NOW + 86_400_000 },
      ],
    });
  });

  it('accepts the older relative reset-after-seconds, other limit families with their names, and credits', () => {
    const snapshot = parseCodexRateLimits(
      new Headers({
        'x-codex-primary-used-percent': '100',
        'x-codex-primary-reset-after-seconds': '120',
        'x-codex-bengalfox-primary-used-percent': '80',
        'x-codex-bengalfox-limit-name': 'gpt-5.2-codex-sonic',
        'x-codex-credits-has-credits': 'true',
        'x-codex-credits-unlimited': 'false',
        'x-codex-credits-balance': '9.99',
        'x-codex-rate-limit-reached-type': 'rate_limit_reached',
      }),
      NOW,
    );
    expect(snapshot?.windows).toEqual([
      { id: 'codex.primary', usedPercent: 100, resetsAt: NOW + 120_000 },
      { id: 'codex_bengalfox.primary', limitName: 'gpt-5.2-codex-sonic', usedPercent: 80 },
    ]);
    expect(snapshot?.credits).toEqual({ hasCredits: true, unlimited: false, balance: '9.99' });
    expect(snapshot?.limitReached).toBe('rate_limit_reached');
  });

  it('leaves out all-zero windows and answers nothing for a response without the headers', () => {
    expect(
      parseCodexRateLimits(
        new Headers({ 'x-codex-primary-used-percent': '0', 'x-codex-primary-window-minutes': '0' }),
        NOW,
      )?.windows,
    ).toEqual([]);
    expect(parseCodexRateLimits(new Headers({ 'content-type': 'text/event-stream' }), NOW)).toBeUndefined();
    expect(parseCodexRateLimits(new Headers({ 'x-codex-primary-used-percent': 'lots' }), NOW)?.windows).toEqual([]);
  });
});
