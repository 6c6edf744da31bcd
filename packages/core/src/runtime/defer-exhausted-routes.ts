import { formatResetTime } from './format-reset-time.js';
import type { RouteCandidate } from './plan-routes.js';
import type { SessionExhaustion } from './session-exhaustion.js';

/**
 * The planned routes as `sb models` and the chat show them: a subscription whose plan ran out
 * (which requests skip until its reset) moved last, its reason saying so and until when.
 */
export function deferExhaustedRoutes(
  planned: readonly RouteCandidate[],
  exhaustion: Pick<SessionExhaustion, 'until'>,
  now: number,
): RouteCandidate[] {
  const ready: RouteCandidate[] = [];
  const skipped: RouteCandidate[] = [];
  for (const candidate of planned) {
    const until = exhaustion.until(candidate.target);
    if (until === undefined) ready.push(candidate);
    else skipped.push({ ...candidate, reason: `plan limit reached; skipped until ${formatResetTime(until, now)}` });
  }
  return [...ready, ...skipped];
}
