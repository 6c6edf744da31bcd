import { SwitchboardError } from '../errors.js';
import type { UsageLog } from './usage-log.js';
import { startOfUtcMonth } from './summarize-usage.js';

/** Where a provider stands against its monthly budget. */
export interface BudgetStatus {
  provider: string;
  /** Display name used in messages. */
  name: string;
  budgetUsd: number;
  /** Estimated spend this UTC calendar month. */
  spentUsd: number;
  /** `spentUsd / budgetUsd`. */
  fraction: number;
  /** `warn` from {@link BudgetGuardOptions.warnAt} (80 %), `exceeded` at 100 %. */
  level: 'ok' | 'warn' | 'exceeded';
}

/** Options of {@link createBudgetGuard}. */
export interface BudgetGuardOptions {
  usageLog: UsageLog;
  /** Monthly budget and display name per provider (`[providers.X] budget_usd_monthly`). */
  budgets: (provider: string) => { budgetUsd: number | undefined; name: string };
  now: () => number;
  /** Fraction of the budget that warns. Default 0.8. */
  warnAt?: number;
}

/** Checks a provider's monthly spend (from the usage log) against its configured budget. */
export interface BudgetGuard {
  /**
   * Where `provider` stands; `undefined` at once (no promise) when it has no budget, and then the
   * log is not read at all: the runtime asks on every request.
   */
  check(provider: string): Promise<BudgetStatus> | undefined;
}

/** Creates a {@link BudgetGuard}. */
export function createBudgetGuard(options: BudgetGuardOptions): BudgetGuard {
  const warnAt = options.warnAt ?? 0.8;
  return {
    check(provider) {
      const { budgetUsd, name } = options.budgets(provider);
      if (budgetUsd === undefined) return undefined;
      return statusOf(provider, name, budgetUsd);
    },
  };

  async function statusOf(provider: string, name: string, budgetUsd: number): Promise<BudgetStatus> {
    const monthStart = startOfUtcMonth(options.now()).toISOString();
    let spent = 0;
    for (const entry of await options.usageLog.read()) {
      // ISO 8601 UTC strings compare in time order.
      if (entry.provider === provider && entry.time >= monthStart) spent += entry.costUsd;
    }
    const spentUsd = Math.round(spent * 1_000_000) / 1_000_000;
    const fraction = spentUsd / budgetUsd;
    return {
      provider,
      name,
      budgetUsd,
      spentUsd,
      fraction,
      level: fraction >= 1 ? 'exceeded' : fraction >= warnAt ? 'warn' : 'ok',
    };
  }
}

/** `$12.34` */
function dollars(amount: number): string {
  return `$${amount.toFixed(2)}`;
}

/** The BUDGET_EXCEEDED refusal for a provider at or over its monthly budget. */
export function budgetExceededError(status: BudgetStatus): SwitchboardError {
  return new SwitchboardError(
    'BUDGET_EXCEEDED',
    `${status.name} has used ${dollars(status.spentUsd)} of its ${dollars(status.budgetUsd)} monthly budget, so requests to it are refused until next month.`,
    {
      provider: status.provider,
      isRetryable: false,
      hint: `Raise budget_usd_monthly under [providers.${status.provider}] in config.toml`,
    },
  );
}

/** The warning shown from 80 % of a budget. */
export function budgetWarningMessage(status: BudgetStatus): string {
  return `${status.name} has used ${Math.floor(status.fraction * 100)}% of its ${dollars(status.budgetUsd)} monthly budget (${dollars(status.spentUsd)}).`;
}
