import type { SwitchboardConfig } from '../config/load-config.js';
import { isProviderId } from '../ids.js';
import type { BudgetGuardOptions } from './check-budget.js';

/** The `budgets` of a budget guard from config.toml: `[providers.X] budget_usd_monthly` and its display name. */
export function configuredBudgets(config: SwitchboardConfig): BudgetGuardOptions['budgets'] {
  return (provider) =>
    isProviderId(provider)
      ? { budgetUsd: config.providers[provider].budgetUsdMonthly, name: config.providers[provider].name }
      : { budgetUsd: undefined, name: provider };
}
