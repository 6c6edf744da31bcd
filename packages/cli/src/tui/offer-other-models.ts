import type { Catalog, CatalogModel, Environment } from '@switchboard/core';
import { routeMethodLabel } from './catalog-view.js';
import type { Choice } from './chat-state.js';
import { chooseRoute, providerDisplayName, type LoginSnapshot } from './model-routes.js';

const MOST_CHOICES = 4;

/**
 * Models to continue with when `failed`'s provider is down: one per other logged-in provider,
 * of the same reasoning tier when there is one, else that provider's first model.
 */
export function offerOtherModels(
  failed: CatalogModel,
  failedProvider: string | undefined,
  snapshot: LoginSnapshot,
  catalog: Catalog,
  environment: Environment,
): Choice[] {
  const best = new Map<string, { model: CatalogModel; sameTier: boolean; label: string }>();
  for (const model of catalog.list()) {
    if (model.id === failed.id) continue;
    const route = chooseRoute(model, snapshot, environment);
    if (!route || route.provider === failedProvider) continue;
    const sameTier = model.reasoningTier === failed.reasoningTier;
    const known = best.get(route.provider);
    if (known && (known.sameTier || !sameTier)) continue;
    const label = `${model.name} (${providerDisplayName(route.provider, model, snapshot.config)} · ${routeMethodLabel(route, model)})`;
    best.set(route.provider, { model, sameTier, label });
  }
  return [...best.values()].slice(0, MOST_CHOICES).map(({ model, label }) => ({ value: model.id, label }));
}
