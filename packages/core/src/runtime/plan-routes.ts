import type { CatalogModel, ModelRoute } from '../catalog/model-schema.js';
import type { Environment } from '../config/environment.js';
import type { SwitchboardConfig } from '../config/load-config.js';
import { isProviderId } from '../ids.js';
import type { RouteTarget } from '../providers/types.js';
import {
  CREDENTIAL_LEVELS,
  type AvailableCredential,
  type CredentialContext,
  type CredentialLevel,
  type CredentialSource,
} from './credential-source.js';
import { rankRoutes, type OrderRoutesOptions } from './order-routes.js';

/** A route of a model that has a usable credential, as {@link planRoutes} ranks them. */
export interface RouteCandidate {
  /** The concrete route, with the method its credential will use. */
  target: RouteTarget;
  /** The credential level that serves it; `null` for an endpoint that needs no key. */
  level: CredentialLevel | null;
  /** Why the route has its place in the order (the active login, a `routing.prefer` entry…). */
  reason: string;
}

/** What one credential level can serve, as {@link listAvailableCredentials} reads it. */
export interface CredentialListing {
  level: CredentialLevel;
  available: readonly AvailableCredential[];
}

/** How routes are chosen: `routing.prefer` and the active selection (`sb use`, `sb auth switch`). */
export interface RoutingPolicy {
  prefer: OrderRoutesOptions['prefer'];
  active?: OrderRoutesOptions['active'];
}

/** Input of {@link planRoutes}. */
export interface PlanRoutesInput extends RoutingPolicy {
  model: CatalogModel;
  /** What each credential level can serve (no secrets). */
  available: readonly CredentialListing[];
  /** For endpoint routes whose key lives in a named environment variable. */
  environment: Environment;
}

/** The routing policy a configuration sets: `routing.prefer` and the active login. */
export function routingPolicyOf(
  config: Pick<SwitchboardConfig, 'routing' | 'activeAuthProvider' | 'activeAuthMethod'>,
): RoutingPolicy {
  return {
    prefer: config.routing.prefer,
    active: config.activeAuthProvider
      ? { provider: config.activeAuthProvider, method: config.activeAuthMethod }
      : undefined,
  };
}

/** What every credential level can serve now, for {@link planRoutes}. Reads no secret. */
export async function listAvailableCredentials(
  sources: readonly CredentialSource[],
  context: CredentialContext,
): Promise<CredentialListing[]> {
  return Promise.all(
    sources.map(async (source) => ({ level: source.level, available: await source.available(context) })),
  );
}

/**
 * The route planner — the one place a model's routes are chosen and ordered, used by every
 * request, `resolveRoutes`, `sb models` and the chat's status line. Pure: the usable routes of
 * a model, best first: every catalog route (explicit, never inferred from the model's name) that
 * some credential level can serve, with the method that level will use, ordered by
 * {@link rankRoutes} (the active login, then `routing.prefer`), each with the reason for its place.
 */
export function planRoutes(input: PlanRoutesInput): RouteCandidate[] {
  const { model } = input;
  const candidates: Array<Omit<RouteCandidate, 'reason'> & { tableIndex: number }> = [];
  model.routes.forEach((route, tableIndex) => {
    const candidate = route.endpoint
      ? endpointCandidate(model, route, input.environment)
      : providerCandidate(model, route, input.available);
    if (candidate) candidates.push({ ...candidate, tableIndex });
  });
  return rankRoutes(candidates, { prefer: input.prefer, active: input.active, price: model.price }).map(
    ({ route: { target, level }, reason }) => ({ target, level, reason }),
  );
}

function providerCandidate(
  model: CatalogModel,
  route: ModelRoute,
  listings: readonly CredentialListing[],
): Omit<RouteCandidate, 'reason'> | undefined {
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
): Omit<RouteCandidate, 'reason'> | undefined {
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
