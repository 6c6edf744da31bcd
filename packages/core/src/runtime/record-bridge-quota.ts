import type { CliBridgeDialect, CliBridgeQuotaWindow } from '../providers/cli-bridge/cli-bridge-dialect.js';
import type { QuotaLog } from './quota-log.js';
import type { QuotaSnapshot } from './quota-snapshot.js';

/** Window lengths of the names Claude Code uses in `rate_limit_info.rateLimitType`. */
const WINDOW_MINUTES: Readonly<Record<string, number>> = { five_hour: 300, seven_day: 10_080 };

/**
 * The quota.json snapshot of one usage window a vendor CLI reported through its bridge
 * (Claude Code's `rate_limit_event`): keyed by the bridge's provider and method, source the
 * bridge; `limitReached` when the CLI said the window refused the request.
 */
export function bridgeQuotaSnapshot(
  window: CliBridgeQuotaWindow,
  dialect: Pick<CliBridgeDialect, 'provider' | 'method'>,
  observedAt: number,
): QuotaSnapshot {
  const minutes = WINDOW_MINUTES[window.window];
  return {
    provider: dialect.provider,
    method: dialect.method,
    source: dialect.method,
    observedAt,
    windows: [
      {
        id: `${dialect.method}.${window.window}`,
        limitName: window.window,
        usedPercent:
          window.utilization === undefined ? (window.status === 'rejected' ? 100 : 0) : window.utilization * 100,
        ...(minutes === undefined ? {} : { windowMinutes: minutes }),
        ...(window.resetsAt === undefined ? {} : { resetsAt: window.resetsAt }),
      },
    ],
    ...(window.status === 'rejected' ? { limitReached: window.window } : {}),
    partial: true,
  };
}

/** The bridges' `onQuota` hook that records what a vendor CLI reports in `quotaLog`. */
export function recordBridgeQuota(
  quotaLog: QuotaLog,
  now: () => number,
): (window: CliBridgeQuotaWindow, dialect: CliBridgeDialect) => Promise<unknown> {
  return (window, dialect) => quotaLog.record(bridgeQuotaSnapshot(window, dialect, now()));
}
