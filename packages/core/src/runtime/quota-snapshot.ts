/**
 * What a provider reported about a subscription's usage limits at one moment: the shape
 * `sb auth quota`, `/status` and quota.json share. Any source may write one — the Codex
 * backend's response headers or usage endpoint, or a CLI bridge relaying what its vendor CLI
 * reports — keyed by provider and method (`openai`/`oauth`, `openai`/`codex-cli`, …).
 */
export interface QuotaSnapshot {
  /** Provider id (`openai`). */
  provider: string;
  /** The login method the limits belong to (`oauth`, or a bridge such as `codex-cli`). */
  method: string;
  /** The stored session (`work` of `openai/work`) the limits belong to, when known. */
  session?: string;
  /** Where it was read, e.g. `codex-response-headers`, `codex-usage-endpoint`, `codex-cli`. */
  source: string;
  /** Epoch ms when the provider reported it. */
  observedAt: number;
  /** The plan the provider named (`plus`, `pro`, …), when it did. */
  plan?: string;
  /** Usage windows, e.g. the 5-hour and the weekly window. */
  windows: QuotaWindow[];
  /** Credits beyond the plan's windows, when the provider reports them. */
  credits?: QuotaCredits;
  /** Which limit the provider says was reached, when one was (`rate_limit_reached`, …). */
  limitReached?: string;
  /**
   * The report names only these windows (Claude Code sends one `rate_limit_event` per window):
   * the others already recorded for this provider and method stay as they were.
   */
  partial?: boolean;
}

/** One usage window of a limit. */
export interface QuotaWindow {
  /** Stable id: `<limit>.<primary|secondary>` (`codex.primary`). */
  id: string;
  /** The provider's name for the limit, when it sent one (a model family, `codex_other`, …). */
  limitName?: string;
  /** Share of the window used, 0–100. */
  usedPercent: number;
  /** Length of the window in minutes (300 = 5 hours, 10080 = a week), when known. */
  windowMinutes?: number;
  /** Epoch ms when the window resets, when known. */
  resetsAt?: number;
}

/** Credits the provider reports besides the windows. */
export interface QuotaCredits {
  hasCredits: boolean;
  unlimited: boolean;
  /** As the provider formats it (a decimal string). */
  balance?: string;
}
