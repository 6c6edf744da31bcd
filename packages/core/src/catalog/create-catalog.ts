import { SwitchboardError } from '../errors.js';
import { closestIds } from './closest-ids.js';
import { indexModelNames } from './index-model-names.js';
import { mergeCustomCatalog, type CustomCatalogInput } from './merge-custom-catalog.js';
import type { CatalogModel, CustomEndpoint, ModelContext, ModelRoute, RouteProviderId } from './model-schema.js';
import { BUILTIN_MODELS } from './models.js';
import { deepFreeze } from '../internal/deep-freeze.js';

/** Options for {@link createCatalog}. */
export interface CreateCatalogOptions extends CustomCatalogInput {
  /** The built-in table; injectable for tests. Defaults to {@link BUILTIN_MODELS}. */
  builtinModels?: readonly CatalogModel[];
}

/** Narrows {@link Catalog.list}. */
export interface CatalogFilter {
  /** Models made by, or reachable through, this provider or endpoint (`bedrock` lists Claude models). */
  provider?: RouteProviderId;
}

/** The model catalog: built-in models merged with the user's config.toml tables. */
export interface Catalog {
  /** The user's OpenAI-compatible endpoints. */
  readonly endpoints: readonly CustomEndpoint[];
  /** Models in catalog order (built-ins by maker, current first; then the user's new models). */
  list(filter?: CatalogFilter): readonly CatalogModel[];
  /** The model with this id or explicit alias, case-insensitively. */
  get(id: string): CatalogModel | undefined;
  /**
   * Like {@link Catalog.get}, for ids a person typed.
   * @throws SwitchboardError `UNKNOWN_MODEL` listing the three closest ids.
   */
  require(id: string): CatalogModel;
  /** The one default model of a context. */
  defaultFor(context: ModelContext): CatalogModel;
  /**
   * The explicit routes of a model, in preference-free table order (routing orders them).
   * @throws SwitchboardError `UNKNOWN_MODEL` as {@link Catalog.require}.
   */
  routesFor(id: string): readonly ModelRoute[];
}

/**
 * Builds the catalog. Pass `config.raw.models` and `config.raw.endpoints` to add the user's
 * models and endpoints; they are validated here.
 * @throws SwitchboardError `INVALID_CONFIG` naming the offending config.toml key.
 */
export function createCatalog(options: CreateCatalogOptions = {}): Catalog {
  const merged = mergeCustomCatalog(options.builtinModels ?? BUILTIN_MODELS, options);
  const models = merged.models.map((model) => deepFreeze(model));
  const byId = new Map(models.map((model) => [model.id, model]));
  const names = indexModelNames(models);
  const suggestionCandidates = models.flatMap((model) =>
    [model.id, ...(model.aliases ?? [])].map((name) => [name, model.id] as const),
  );

  const get = (id: string): CatalogModel | undefined => {
    const owner = names.get(id.trim().toLowerCase());
    return owner === undefined ? undefined : byId.get(owner);
  };

  const require = (id: string): CatalogModel => {
    const model = get(id);
    if (model) return model;
    const shown = id.length > 80 ? `${id.slice(0, 80)}…` : id;
    const closest = closestIds(id, suggestionCandidates, 3);
    throw new SwitchboardError(
      'UNKNOWN_MODEL',
      `Unknown model "${shown}".${closest.length > 0 ? ` Closest: ${closest.join(', ')}.` : ''} Run sb models to list every model.`,
      { hint: 'sb models' },
    );
  };

  return {
    endpoints: deepFreeze(merged.endpoints),
    list(filter = {}) {
      const { provider } = filter;
      if (provider === undefined) return models;
      return models.filter(
        (model) => model.providerId === provider || model.routes.some((candidate) => candidate.provider === provider),
      );
    },
    get,
    require,
    defaultFor(context) {
      const model = models.find((candidate) => candidate.isDefault?.[context] === true);
      if (!model) throw new SwitchboardError('INTERNAL', `The catalog has no default model for ${context}.`);
      return model;
    },
    routesFor(id) {
      return require(id).routes;
    },
  };
}
