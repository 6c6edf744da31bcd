import { jsonReply, type HttpReply } from './dialect.js';
import type { FakeCodexUsage, FakeCodexWindow } from './types.js';

/** A Plus plan 12.5 % into its 5-hour window and 40 % into its weekly one. */
export const DEFAULT_CODEX_USAGE: FakeCodexUsage = {
  plan: 'plus',
  primary: { usedPercent: 12.5, windowMinutes: 300, resetAfterSeconds: 3_600 },
  secondary: { usedPercent: 40, windowMinutes: 10_080, resetAfterSeconds: 4 * 86_400 },
};

/**
 * The rate-limit headers the Codex backend puts on every response (openai/codex
 * codex-rs/codex-api/src/rate_limits.rs `parse_rate_limit_for_limit`): `x-codex-primary-*` and
 * `x-codex-secondary-*` with used-percent, window-minutes and reset-at (Unix seconds).
 */
export function codexRateLimitHeaders(usage: FakeCodexUsage, nowMs: number): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const which of ['primary', 'secondary'] as const) {
    const window = usage[which];
    headers[`x-codex-${which}-used-percent`] = String(window.usedPercent);
    headers[`x-codex-${which}-window-minutes`] = String(window.windowMinutes);
    headers[`x-codex-${which}-reset-at`] = String(Math.floor(nowMs / 1000) + window.resetAfterSeconds);
  }
  return headers;
}

/**
 * `GET /backend-api/wham/usage`, the endpoint the Codex CLI's `/status` reads
 * (codex-rs/backend-client/src/client.rs `get_rate_limits_many`; the payload is its
 * `RateLimitStatusPayload`).
 */
export function codexUsageReply(usage: FakeCodexUsage, nowMs: number): HttpReply {
  const window = (value: FakeCodexWindow) => ({
    used_percent: value.usedPercent,
    limit_window_seconds: value.windowMinutes * 60,
    reset_after_seconds: value.resetAfterSeconds,
    reset_at: Math.floor(nowMs / 1000) + value.resetAfterSeconds,
  });
  return jsonReply(200, {
    plan_type: usage.plan,
    rate_limit: {
      allowed: true,
      limit_reached: usage.primary.usedPercent >= 100 || usage.secondary.usedPercent >= 100,
      primary_window: window(usage.primary),
      secondary_window: window(usage.secondary),
    },
    credits: { has_credits: false, unlimited: false, balance: null },
    additional_rate_limits: null,
    rate_limit_reached_type: null,
  });
}
