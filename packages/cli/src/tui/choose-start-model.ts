import type { Catalog, CatalogModel, Environment } from '@switchboard/core';
import { chooseRoute, type LoginSnapshot } from './model-routes.js';

/**
 * The model a new chat starts with: the one saved in config.toml (restored across restarts);
 * without one, the catalog's chat default when a login serves it, else the first model the
 * active login (then any login) serves, else the chat default.
 */
export function chooseStartModel(
  catalog: Catalog,
  snapshot: LoginSnapshot,
  environment: Environment,
): { model: CatalogModel; notice?: string } {
  const saved = snapshot.config.model;
  const fallback = fallbackModel(catalog, snapshot, environment);
  if (saved === undefined) return { model: fallback };
  const model = catalog.get(saved);
  if (model) return { model };
  return {
    model: fallback,
    notice: `The model "${saved}" saved in config.toml is not in the catalog; using ${fallback.name}. Pick another with /model.`,
  };
}

function fallbackModel(catalog: Catalog, snapshot: LoginSnapshot, environment: Environment): CatalogModel {
  const chatDefault = catalog.defaultFor('chat');
  if (chooseRoute(chatDefault, snapshot, environment)) return chatDefault;
  const served = catalog
    .list()
    .map((model) => ({ model, route: chooseRoute(model, snapshot, environment) }))
    .filter((entry) => entry.route !== null);
  const active = snapshot.config.activeAuthProvider;
  return (served.find((entry) => entry.route?.provider === active) ?? served[0])?.model ?? chatDefault;
}
