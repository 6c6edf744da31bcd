import { SwitchboardError } from '../errors.js';
import { routeProviderName, type RouteProviderNames } from '../catalog/route-provider-name.js';
import type { RouteTarget } from '../providers/types.js';
import { isSubscriptionRoute } from './order-routes.js';
import { formatResetTime } from './format-reset-time.js';

/**
 * When a subscription route's failure says its plan window is used up (a 429 whose reset lies
 * beyond what the runtime waits out: the Codex backend's `usage_limit_reached` with
 * `resets_at`/`resets_in_seconds`, a Retry-After), the time it resets; else undefined.
 */
export function exhaustedUntil(
  target: RouteTarget,
  error: SwitchboardError,
  now: number,
  maxRetryAfterWaitMs: number,
): number | undefined {
  if (!isSubscriptionRoute(target)) return undefined;
  if (error.code !== 'RATE_LIMITED' && error.code !== 'QUOTA_EXCEEDED') return undefined;
  if (error.retryAfterSeconds === undefined) return undefined;
  const waitMs = error.retryAfterSeconds * 1000;
  return waitMs > maxRetryAfterWaitMs ? now + waitMs : undefined;
}

/** "ChatGPT plan limit reached (openai/work) until 15:40 — continuing on the API key openai/key-3f2a." */
export function exhaustionNotice(
  target: RouteTarget,
  until: number,
  servedBy: RouteTarget,
  names: RouteProviderNames,
  now: number,
): string {
  const name = routeProviderName(target.provider, names);
  return `${name} plan limit reached (${sessionLabel(target)}) until ${formatResetTime(until, now)} — continuing on ${describeServingRoute(servedBy, names)}.`;
}

/** The failure of a route skipped because its session's plan is used up. */
export function planExhaustedError(
  target: RouteTarget,
  until: number,
  names: RouteProviderNames,
  now: number,
): SwitchboardError {
  const seconds = Math.max(1, Math.ceil((until - now) / 1000));
  return new SwitchboardError(
    'RATE_LIMITED',
    `${routeProviderName(target.provider, names)} plan limit reached (${sessionLabel(target)}); it resets at ${formatResetTime(until, now)}. Add another session (\`sb auth login ${target.provider} --name …\`) or an API key to continue meanwhile.`,
    { provider: target.provider, retryAfterSeconds: seconds, hint: 'sb auth quota' },
  );
}

/** `openai/work`, or the provider alone when no stored session serves the route. */
function sessionLabel(target: RouteTarget): string {
  return target.session === undefined ? String(target.provider) : `${target.provider}/${target.session}`;
}

/** How people know a route's credential: "ChatGPT plan openai/work", "the API key openai/key-3f2a". */
function describeServingRoute(target: RouteTarget, names: RouteProviderNames): string {
  const label = sessionLabel(target);
  const name = routeProviderName(target.provider, names);
  if (isSubscriptionRoute(target)) return `${name} plan ${label}`;
  if (target.method === 'api-key') return `the API key ${label}`;
  return `${name} (${target.method}) ${label}`;
}
