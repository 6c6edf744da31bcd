import { parseCodexRateLimits } from './parse-codex-rate-limits.js';
import type { QuotaLog } from './quota-log.js';
import type { SendUpstream, UpstreamAnswer, UpstreamReply } from './upstream-sender.js';

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

/** Rate-limit header names end so (`x-codex-primary-used-percent`), or start `x-codex-credits-`. */
function mayCarryRateLimits(headers: UpstreamAnswer['headers']): boolean {
  for (const name in headers)
    if (name.endsWith('-used-percent') || name.startsWith('x-codex-credits-') || name.startsWith('x-codex-rate-'))
      return true;
  return false;
}

/**
 * {@link observeRateLimits} for the Node sender: the same recording, after one cheap look at
 * the header names (most answers carry no rate-limit header at all).
 */
export function observeRateLimitsOfSend(
  send: SendUpstream,
  quotaLog: QuotaLog,
  now: () => number,
  track: (write: Promise<void>) => void = () => undefined,
  session?: string,
): SendUpstream {
  const observer: RateLimitObserver = { quotaLog, now, track, session };
  return (url, post, reply) => send(url, post, new ObservedReply(observer, reply));
}

/** What {@link ObservedReply} records with. */
interface RateLimitObserver {
  quotaLog: QuotaLog;
  now: () => number;
  track: (write: Promise<void>) => void;
  session: string | undefined;
}

/** A reply that records the answer's rate limits first: one object per request, no closures. */
class ObservedReply implements UpstreamReply {
  constructor(
    private readonly observer: RateLimitObserver,
    private readonly reply: UpstreamReply,
  ) {}

  answered(answer: UpstreamAnswer): void {
    if (mayCarryRateLimits(answer.headers)) {
      const { quotaLog, now, track, session } = this.observer;
      const headers = new Headers();
      for (const name in answer.headers) {
        const value = answer.headers[name];
        if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
      }
      const parsed = parseCodexRateLimits(headers, now());
      const snapshot = parsed && session !== undefined ? { ...parsed, session } : parsed;
      if (snapshot) track(quotaLog.record(snapshot).then(ignore, ignore));
    }
    this.reply.answered(answer);
  }

  failed(error: unknown): void {
    this.reply.failed(error);
  }
}

const ignore = (): undefined => undefined;
