import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_CODEX_USAGE, startFakeUpstream, type FakeUpstream } from '../src/index.js';

let upstream: FakeUpstream | undefined;
afterEach(async () => {
  await upstream?.close();
  upstream = undefined;
});

const AUTH = { authorization: 'Bearer chatgpt-access-token', 'ChatGPT-Account-Id': 'acct-1' };

describe('fake Codex backend: plan usage', () => {
  it('puts x-codex-* rate-limit headers on its answers', async () => {
    upstream = await startFakeUpstream();
    const response = await fetch(`${upstream.baseUrls.codex}/responses`, {
      method: 'POST',
      headers: { ...AUTH, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-5', input: 'hi', instructions: 'x', store: false, stream: true }),
    });
    expect(response.status).toBe(200);
    await response.text();
    expect(response.headers.get('x-codex-primary-used-percent')).toBe(String(DEFAULT_CODEX_USAGE.primary.usedPercent));
    expect(response.headers.get('x-codex-secondary-window-minutes')).toBe('10080');
    expect(Number(response.headers.get('x-codex-primary-reset-at'))).toBeGreaterThan(Date.now() / 1000);
  });

  it('answers GET /backend-api/wham/usage with the RateLimitStatusPayload, and refuses it without the credentials', async () => {
    upstream = await startFakeUpstream({
      codexUsage: {
        ...DEFAULT_CODEX_USAGE,
        plan: 'pro',
        primary: { usedPercent: 100, windowMinutes: 300, resetAfterSeconds: 60 },
      },
    });
    const usageUrl = upstream.baseUrls.codex.replace(/\/codex$/, '/wham/usage');
    const response = await fetch(usageUrl, { headers: AUTH });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      plan_type: 'pro',
      rate_limit: {
        limit_reached: true,
        primary_window: { used_percent: 100, limit_window_seconds: 18_000, reset_after_seconds: 60 },
        secondary_window: { used_percent: DEFAULT_CODEX_USAGE.secondary.usedPercent },
      },
    });
    expect((await fetch(usageUrl)).status).toBe(401);
    expect((await fetch(usageUrl, { headers: { authorization: AUTH.authorization } })).status).toBeGreaterThanOrEqual(
      400,
    );
  });
});
