import type { CatalogModel, ModelPrice } from './model-schema.js';

/** `$15`, `$1.25`, `$0.10`, `$0.075`: whole dollars bare, cents always with two digits. */
export function formatUsd(amount: number): string {
  if (Number.isInteger(amount)) return `$${amount}`;
  const cents = amount.toFixed(2);
  return `$${Number(cents) === amount ? cents : String(amount)}`;
}

/** `$15/$75`: input/output USD per million tokens. */
export function formatPrice(price: ModelPrice): string {
  return `${formatUsd(price.inputPerMillion)}/${formatUsd(price.outputPerMillion)}`;
}

/** The line pickers show: `Claude Opus 4.1 (ultra premium) — $15/$75`. */
export function formatModelLabel(model: Pick<CatalogModel, 'name' | 'reasoningTier' | 'price'>): string {
  return `${model.name} (${model.reasoningTier}) — ${formatPrice(model.price)}`;
}
