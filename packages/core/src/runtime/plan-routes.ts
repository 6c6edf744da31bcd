import type { CatalogModel, ModelRoute } from '../catalog/model-schema.js';
import type { Environment } from '../config/environment.js';
import { isProviderId } from '../ids.js';
import type { RouteTarget } from '../providers/types.js';
import {
  CREDENTIAL_LEVELS,
  type AvailableCredential,
  type CredentialContext,
  type CredentialLevel,
  type CredentialSource,
} from './credential-source.js';
import { orderRoutes, type OrderRoutesOptions } from './order-routes.js';

/** A route of a model that has a usable credential, as {@link planRoutes} ranks them. */
export interface RouteCandidate {
  /** The concrete route, with the method its credential will use. */
  target: RouteTarget;
  /** The credential level that serves it; `null` for an endpoint that needs no key. */
  level: CredentialLevel | null;
}

/** Options of {@link planRoutes}. */
export interface PlanRoutesOptions extends Omit<OrderRoutesOptions, 'price'> {
  model: CatalogModel;
  sources: readonly CredentialSource[];
  context: CredentialContext;
  /** For endpoint routes whose key lives in a named environment variable. */
  environment: Environment;
}

/**
 * The usable routes of a model, best first: every catalog route (explicit, never inferred from
 * the model's name) that some credential level can serve, with the method that level will use,
 * ordered by {@link orderRoutes}. Reads no secret and refreshes nothing.
 */
export async function planRoutes(options: PlanRoutesOptions): Promise<RouteCandidate[]> {
  const { model } = options;
  const listings = await Promise.all(
    options.sources.map(async (source) => ({
      level: source.level,
      available: await source.available(options.context),
    })),
  );
  const candidates: Array<RouteCandidate & { tableIndex: number }> = [];
  model.routes.forEach((route, tableIndex) => {
    const candidate = route.endpoint
      ? endpointCandidate(model, route, options.environment)
      : providerCandidate(model, route, listings);
    if (candidate) candidates.push({ ...candidate, tableIndex });
  });
  return orderRoutes(candidates, { prefer: options.prefer, active: options.active, price: model.price }).map(
    ({ target, level }) => ({ target, level }),
  );
}

function providerCandidate(
  model: CatalogModel,
  route: ModelRoute,
  listings: ReadonlyArray<{ level: CredentialLevel; available: readonly AvailableCredential[] }>,
): RouteCandidate | undefined {
  const provider = route.provider;
  if (!isProviderId(provider)) return undefined;
  for (const level of CREDENTIAL_LEVELS) {
    for (const listing of listings) {
      if (listing.level !== level) continue;
      const method = route.methods.find((wanted) =>
        listing.available.some((entry) => entry.provider === provider && entry.method === wanted),
      );
      if (method)
        return {
          target: { model: model.id, provider, method, upstreamId: route.upstreamId, transport: route.transport },
          level,
        };
    }
  }
  return undefined;
}

function endpointCandidate(
  model: CatalogModel,
  route: ModelRoute,
  environment: Environment,
): RouteCandidate | undefined {
  const endpoint = route.endpoint;
  if (!endpoint || !route.provider.startsWith('endpoint:')) return undefined;
  const variable = endpoint.apiKeyEnvironmentVariable;
  if (variable !== undefined && !environment[variable]?.trim()) return undefined;
  return {
    target: {
      model: model.id,
      provider: `endpoint:${endpoint.id}`,
      // Keyless endpoints still name a method; their credential is null.
      method: 'api-key',
      upstreamId: route.upstreamId,
      transport: route.transport,
      apiBase: endpoint.apiBase,
    },
    level: variable === undefined ? null : 'workspace',
  };
}
