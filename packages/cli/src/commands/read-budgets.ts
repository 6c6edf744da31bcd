import {
  configuredBudgets,
  createBudgetGuard,
  PROVIDER_IDS,
  type BudgetStatus,
  type SwitchboardConfig,
  type UsageLog,
} from '@switchboard/core';

/** This month's spend against every configured `budget_usd_monthly`, from the usage log. */
export async function readBudgets(
  config: SwitchboardConfig,
  usageLog: UsageLog,
  now: () => number,
): Promise<BudgetStatus[]> {
  const guard = createBudgetGuard({ usageLog, now, budgets: configuredBudgets(config) });
  return (await Promise.all(PROVIDER_IDS.map((provider) => guard.check(provider)))).filter(
    (status): status is BudgetStatus => status !== undefined,
  );
}
