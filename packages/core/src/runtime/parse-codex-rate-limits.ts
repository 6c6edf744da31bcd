import type { QuotaCredits, QuotaSnapshot, QuotaWindow } from './quota-snapshot.js';

const PRIMARY_SUFFIX = '-primary-used-percent';

/**
 * Reads the Codex backend's rate-limit headers (openai/codex codex-rs/codex-api/src/
 * rate_limits.rs): for each limit family `x-<limit>-` (the default `x-codex-`, others such as
 * `x-codex-bengalfox-`), `primary-` and `secondary-` windows with `used-percent`,
 * `window-minutes` and `reset-at` (Unix seconds; older backends sent `reset-after-seconds`,
 * relative), `limit-name`; and `x-codex-credits-has-credits`/`-unlimited`/`-balance`.
 * A window whose numbers are all zero or absent is left out, as Codex does. Returns no
 * snapshot when the response carries none of these headers.
 */
export function parseCodexRateLimits(headers: Headers, nowMs: number): QuotaSnapshot | undefined {
  const families = new Set<string>();
  headers.forEach((_value, name) => {
    const lower = name.toLowerCase();
    if (lower.startsWith('x-') && lower.endsWith(PRIMARY_SUFFIX)) {
      families.add(lower.slice(2, -PRIMARY_SUFFIX.length));
    }
  });
  const credits = parseCredits(headers);
  if (families.size === 0 && !credits) return undefined;
  const windows: QuotaWindow[] = [];
  for (const family of [...families].sort((a, b) => (a === 'codex' ? -1 : b === 'codex' ? 1 : a.localeCompare(b)))) {
    const limitId = family.replace(/-/g, '_');
    const limitName = headers.get(`x-${family}-limit-name`)?.trim() || undefined;
    for (const which of ['primary', 'secondary'] as const) {
      const window = parseWindow(headers, `x-${family}-${which}`, nowMs);
      if (window) windows.push({ id: `${limitId}.${which}`, ...(limitName ? { limitName } : {}), ...window });
    }
  }
  const reached = headers.get('x-codex-rate-limit-reached-type')?.trim();
  return {
    provider: 'openai',
    method: 'oauth',
    source: 'codex-response-headers',
    observedAt: nowMs,
    windows,
    ...(credits ? { credits } : {}),
    ...(reached ? { limitReached: reached } : {}),
  };
}

function parseWindow(headers: Headers, prefix: string, nowMs: number): Omit<QuotaWindow, 'id'> | undefined {
  const usedPercent = finite(headers.get(`${prefix}-used-percent`));
  if (usedPercent === undefined) return undefined;
  const windowMinutes = integer(headers.get(`${prefix}-window-minutes`));
  const resetAt = integer(headers.get(`${prefix}-reset-at`));
  const resetAfter = integer(headers.get(`${prefix}-reset-after-seconds`));
  const resetsAt =
    resetAt !== undefined ? resetAt * 1000 : resetAfter !== undefined ? nowMs + resetAfter * 1000 : undefined;
  if (usedPercent === 0 && !windowMinutes && resetsAt === undefined) return undefined;
  return {
    usedPercent,
    ...(windowMinutes ? { windowMinutes } : {}),
    ...(resetsAt !== undefined ? { resetsAt } : {}),
  };
}

function parseCredits(headers: Headers): QuotaCredits | undefined {
  const hasCredits = flag(headers.get('x-codex-credits-has-credits'));
  const unlimited = flag(headers.get('x-codex-credits-unlimited'));
  if (hasCredits === undefined || unlimited === undefined) return undefined;
  const balance = headers.get('x-codex-credits-balance')?.trim();
  return { hasCredits, unlimited, ...(balance ? { balance } : {}) };
}

function finite(value: string | null): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const number = Number(value);
  return Number.isFinite(number) ? number : undefined;
}

function integer(value: string | null): number | undefined {
  const number = finite(value);
  return number === undefined ? undefined : Math.trunc(number);
}

function flag(value: string | null): boolean | undefined {
  const text = value?.trim().toLowerCase();
  if (text === 'true' || text === '1') return true;
  if (text === 'false' || text === '0') return false;
  return undefined;
}
