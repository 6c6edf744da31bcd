import { SwitchboardError } from '../errors.js';
import type { QuotaSnapshot, QuotaWindow } from './quota-snapshot.js';

/** Options of {@link fetchCodexUsage}. */
export interface FetchCodexUsageOptions {
  /** The Codex backend base (`subscription_api_base`, e.g. `https://chatgpt.com/backend-api/codex`). */
  subscriptionApiBase: string;
  accessToken: string;
  accountId: string;
  fetch: typeof fetch;
  now: () => number;
  signal?: AbortSignal;
}

/**
 * Asks the Codex backend for the plan's usage windows, as the Codex CLI's `/status` does
 * (openai/codex codex-rs/backend-client/src/client.rs `get_rate_limits_many`): GET
 * `<chatgpt base>/wham/usage` for a `…/backend-api` base (else `<base>/api/codex/usage`) with
 * the Bearer token and `ChatGPT-Account-Id`. The answer (`RateLimitStatusPayload`: plan_type,
 * rate_limit.primary_window / secondary_window with used_percent, limit_window_seconds,
 * reset_at, additional_rate_limits, credits) becomes one {@link QuotaSnapshot}.
 * @throws SwitchboardError `AUTH_FAILED` (401/403), `PROVIDER_UNAVAILABLE`, `NETWORK`.
 */
export async function fetchCodexUsage(options: FetchCodexUsageOptions): Promise<QuotaSnapshot> {
  const url = codexUsageUrl(options.subscriptionApiBase);
  let response: Response;
  try {
    response = await options.fetch(url, {
      headers: {
        authorization: `Bearer ${options.accessToken}`,
        'ChatGPT-Account-Id': options.accountId,
        accept: 'application/json',
      },
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch {
    throw new SwitchboardError('NETWORK', 'Could not reach the ChatGPT usage endpoint.', { provider: 'openai' });
  }
  if (!response.ok) {
    await response.body?.cancel();
    const auth = response.status === 401 || response.status === 403;
    throw new SwitchboardError(
      auth ? 'AUTH_FAILED' : 'PROVIDER_UNAVAILABLE',
      `The ChatGPT usage endpoint answered HTTP ${response.status}.`,
      { provider: 'openai', status: response.status },
    );
  }
  const payload = (await response.json().catch(() => undefined)) as Record<string, unknown> | undefined;
  if (!payload || typeof payload !== 'object') {
    throw new SwitchboardError('PROVIDER_UNAVAILABLE', 'The ChatGPT usage endpoint sent an unreadable answer.', {
      provider: 'openai',
    });
  }
  return snapshotFromUsagePayload(payload, options.now());
}

/** The usage URL for a Codex backend base, by the Codex CLI's `PathStyle` rule. */
export function codexUsageUrl(subscriptionApiBase: string): string {
  const base = subscriptionApiBase.replace(/\/+$/, '').replace(/\/codex$/, '');
  return base.includes('/backend-api') ? `${base}/wham/usage` : `${base}/api/codex/usage`;
}

/** Maps a `RateLimitStatusPayload` to a {@link QuotaSnapshot}. */
export function snapshotFromUsagePayload(payload: Record<string, unknown>, nowMs: number): QuotaSnapshot {
  const windows: QuotaWindow[] = [...windowsOf('codex', undefined, payload.rate_limit, nowMs)];
  if (Array.isArray(payload.additional_rate_limits)) {
    for (const extra of payload.additional_rate_limits as Array<Record<string, unknown>>) {
      const id = typeof extra.metered_feature === 'string' ? extra.metered_feature : 'other';
      const name = typeof extra.limit_name === 'string' ? extra.limit_name : undefined;
      windows.push(...windowsOf(id, name, extra.rate_limit, nowMs));
    }
  }
  const credits = record(payload.credits);
  const reached = record(payload.rate_limit_reached_type)?.kind;
  return {
    provider: 'openai',
    method: 'oauth',
    source: 'codex-usage-endpoint',
    observedAt: nowMs,
    ...(typeof payload.plan_type === 'string' ? { plan: payload.plan_type } : {}),
    windows,
    ...(credits && typeof credits.has_credits === 'boolean' && typeof credits.unlimited === 'boolean'
      ? {
          credits: {
            hasCredits: credits.has_credits,
            unlimited: credits.unlimited,
            ...(typeof credits.balance === 'string' ? { balance: credits.balance } : {}),
          },
        }
      : {}),
    ...(typeof reached === 'string' && reached !== 'unknown' ? { limitReached: reached } : {}),
  };
}

function windowsOf(limitId: string, limitName: string | undefined, value: unknown, nowMs: number): QuotaWindow[] {
  const limit = record(value);
  if (!limit) return [];
  const windows: QuotaWindow[] = [];
  for (const which of ['primary', 'secondary'] as const) {
    const window = record(limit[`${which}_window`]);
    if (!window || typeof window.used_percent !== 'number') continue;
    const seconds = typeof window.limit_window_seconds === 'number' ? window.limit_window_seconds : 0;
    const resetsAt =
      typeof window.reset_at === 'number' && window.reset_at > 0
        ? window.reset_at * 1000
        : typeof window.reset_after_seconds === 'number'
          ? nowMs + window.reset_after_seconds * 1000
          : undefined;
    windows.push({
      id: `${limitId}.${which}`,
      ...(limitName ? { limitName } : {}),
      usedPercent: window.used_percent,
      // Codex rounds the window up to whole minutes (client.rs window_minutes_from_seconds).
      ...(seconds > 0 ? { windowMinutes: Math.ceil(seconds / 60) } : {}),
      ...(resetsAt !== undefined ? { resetsAt } : {}),
    });
  }
  return windows;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
