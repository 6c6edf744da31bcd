import { describe, expect, it } from 'vitest';
import { codexUsageUrl, snapshotFromUsagePayload } from './fetch-codex-usage.js';

const NOW = Date.UTC(2026, 11, 3, 10, 0, 0);

describe('codexUsageUrl', () => {
  it('uses /wham/usage under a backend-api base and /api/codex/usage elsewhere, as the Codex CLI does', () => {
    expect(codexUsageUrl('https://chatgpt.com/backend-api/codex')).toBe('https://chatgpt.com/backend-api/wham/usage');
    expect(codexUsageUrl('https://chatgpt.com/backend-api/codex/')).toBe('https://chatgpt.com/backend-api/wham/usage');
    expect(codexUsageUrl('https://codex.example.com')).toBe('https://codex.example.com/api/codex/usage');
  });
});

describe('snapshotFromUsagePayload', () => {
  it('maps plan, windows (seconds rounded up to minutes), extra limits, credits and the reached type', () => {
    const snapshot = snapshotFromUsagePayload(
      {
        plan_type: 'pro',
        rate_limit: {
          primary_window: {
            used_percent: 42,
            limit_window_seconds: 18_000,
            reset_after_seconds: 10,
            reset_at: 2_000_000_000,
          },
          secondary_window: { used_percent: 84, limit_window_seconds: 3_601, reset_after_seconds: 60, reset_at: 0 },
        },
        additional_rate_limits: [
          {
            limit_name: 'codex_other',
            metered_feature: 'codex_other',
            rate_limit: { primary_window: { used_percent: 70, limit_window_seconds: 900, reset_at: 2_000_000_100 } },
          },
        ],
        credits: { has_credits: true, unlimited: false, balance: '9.99' },
        rate_limit_reached_type: { kind: 'workspace_member_credits_depleted' },
      },
      NOW,
    );
    expect(snapshot).toEqual({
      provider: 'openai',
      method: 'oauth',
      source: 'codex-usage-endpoint',
      observedAt: NOW,
      plan: 'pro',
      windows: [
        { id: 'codex.primary', usedPercent: 42, windowMinutes: 300, resetsAt: 2_000_000_000_000 },
        { id: 'codex.secondary', usedPercent: 84, windowMinutes: 61, resetsAt: NOW + 60_000 },
        {
          id: 'codex_other.primary',
          limitName: 'codex_other',
          usedPercent: 70,
          windowMinutes: 15,
          resetsAt: 2_000_000_100_000,
        },
      ],
      credits: { hasCredits: true, unlimited: false, balance: '9.99' },
      limitReached: 'workspace_member_credits_depleted',
    });
  });

  it('survives a payload without rate limits', () => {
    expect(snapshotFromUsagePayload({ plan_type: 'free', rate_limit: null }, NOW).windows).toEqual([]);
  });
});
