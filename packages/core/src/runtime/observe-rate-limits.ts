import { parseCodexRateLimits } from './parse-codex-rate-limits.js';
import type { QuotaLog } from './quota-log.js';

/**
 * Wraps `fetch` so every response that carries the Codex backend's rate-limit headers is
 * recorded in `quotaLog` (what `sb auth quota` and `/status` show, in any process). Recording
 * happens in the background and never fails or delays the request; `track` receives each
 * write so the owner can wait for it before exiting (the runtime's `flush`). `session` names the
 * stored session the requests are made with, when a provider has several.
 */
export function observeRateLimits(
  fetchImpl: typeof fetch,
  quotaLog: QuotaLog,
  now: () => number,
  track: (write: Promise<void>) => void = () => undefined,
  session?: string,
): typeof fetch {
  return async (input, init) => {
    const response = await fetchImpl(input, init);
    const parsed = parseCodexRateLimits(response.headers, now());
    // Each account has its own windows: the session the request went out on owns the report.
    const snapshot = parsed && session !== undefined ? { ...parsed, session } : parsed;
    if (snapshot) {
      track(
        quotaLog.record(snapshot).then(
          () => undefined,
          () => undefined,
        ),
      );
    }
    return response;
  };
}
