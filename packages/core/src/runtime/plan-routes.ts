import type { CatalogModel, ModelRoute } from '../catalog/model-schema.js';
import type { Environment } from '../config/environment.js';
import type { SwitchboardConfig } from '../config/load-config.js';
import { isProviderId, type AuthMethod } from '../ids.js';
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
  /**
   * Sessions in the order they serve (`openai/work`): per model (`routing.pins`), else for the
   * project directory (`[projects."<dir>"]`), else `routing.sessions`. A listed session of a
   * route serves before the others, and only listed sessions of a route serve when any is.
   */
  sessions?: SessionOrder;
}

/** The session lists a configuration sets, by where they apply. */
export interface SessionOrder {
  /** `routing.pins`: per model id. */
  pins: Readonly<Record<string, readonly string[]>>;
  /** The project's list, else `routing.sessions`, and which of the two it is (for reasons). */
  order: readonly string[];
  source: string;
}

/** Input of {@link planRoutes}. */
export interface PlanRoutesInput extends RoutingPolicy {
  model: CatalogModel;
  /** What each credential level can serve (no secrets). */
  available: readonly CredentialListing[];
  /** For endpoint routes whose key lives in a named environment variable. */
  environment: Environment;
}

/**
 * The routing policy a configuration sets: `routing.prefer`, the active login and the session
 * lists — the project's when `projectDirectory` lies inside one of `[projects]` (the deepest).
 */
export function routingPolicyOf(
  config: Pick<SwitchboardConfig, 'routing' | 'activeAuthProvider' | 'activeAuthMethod' | 'projects'>,
  projectDirectory?: string,
): RoutingPolicy {
  const project = projectDirectory === undefined ? undefined : projectOf(config.projects, projectDirectory);
  return {
    prefer: config.routing.prefer,
    active: config.activeAuthProvider
      ? { provider: config.activeAuthProvider, method: config.activeAuthMethod }
      : undefined,
    sessions: {
      pins: config.routing.pins,
      ...(project
        ? { order: project.sessions, source: `projects."${project.directory}"` }
        : { order: config.routing.sessions, source: 'routing.sessions' }),
    },
  };
}

function projectOf(
  projects: SwitchboardConfig['projects'],
  directory: string,
): { directory: string; sessions: string[] } | undefined {
  let best: { directory: string; sessions: string[] } | undefined;
  for (const [root, project] of Object.entries(projects)) {
    const trimmed = root.replace(/[\\/]+$/, '');
    const inside = directory === trimmed || directory.startsWith(`${trimmed}/`) || directory.startsWith(`${trimmed}\\`);
    if (inside && project.sessions.length > 0 && (!best || trimmed.length > best.directory.length))
      best = { directory: trimmed, sessions: project.sessions };
  }
  return best;
}

/** What every credential level can serve now, for {@link planRoutes}. Reads no secret. */
export async function listAvailableCredentials(
  sources: readonly CredentialSource[],
  context: CredentialContext,
): Promise<readonly CredentialListing[]> {
  return combineListings(sources, await Promise.all(sources.map((source) => source.available(context))));
}

/**
 * {@link listAvailableCredentials} for one runtime's `sources`, asked on every request. Sources
 * hand out the same promise while their listing holds (cached, or constant): the combined
 * listing is then the last one again, not a new one per request (and the route planner sees the
 * same listing).
 */
export function createCredentialListing(
  sources: readonly CredentialSource[],
): (context: CredentialContext) => Promise<readonly CredentialListing[]> {
  let last:
    | { pending: readonly Promise<readonly AvailableCredential[]>[]; listing: Promise<readonly CredentialListing[]> }
    | undefined;
  return (context) => {
    // Asked on every request: while every source answers with the promise it gave last time,
    // nothing is allocated.
    const previous = last;
    let pending: Promise<readonly AvailableCredential[]>[] | undefined;
    for (let index = 0; index < sources.length; index += 1) {
      const promise = sources[index]!.available(context);
      if (pending === undefined) {
        if (previous !== undefined && previous.pending[index] === promise) continue;
        pending = previous === undefined ? [] : previous.pending.slice(0, index);
      }
      pending.push(promise);
    }
    if (pending === undefined) {
      if (previous !== undefined) return previous.listing;
      pending = [];
    }
    const listing = Promise.all(pending).then((found) => combineListings(sources, found));
    last = { pending, listing };
    return listing;
  };
}

function combineListings(
  sources: readonly CredentialSource[],
  found: ReadonlyArray<readonly AvailableCredential[]>,
): CredentialListing[] {
  return found.map((available, index) => ({ level: sources[index]!.level, available }));
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
  const pinned = input.sessions?.pins[model.id];
  const order = pinned
    ? { list: pinned, source: `routing.pins."${model.id}"` }
    : { list: input.sessions?.order ?? [], source: input.sessions?.source ?? 'routing.sessions' };
  const candidates: Array<Omit<RouteCandidate, 'reason'> & { tableIndex: number }> = [];
  model.routes.forEach((route, tableIndex) => {
    const found = route.endpoint
      ? [endpointCandidate(model, route, input.environment)].filter((candidate) => candidate !== undefined)
      : providerCandidates(model, route, input.available, order.list);
    for (const candidate of found) candidates.push({ ...candidate, tableIndex });
  });
  return rankRoutes(candidates, {
    prefer: input.prefer,
    active: input.active,
    price: model.price,
    sessionOrder: order,
  }).map(({ route: { target, level }, reason }) => ({ target, level, reason }));
}

/**
 * The candidates of one provider route: from the first credential level that can serve it. At
 * the session level a provider may hold several sessions: the listed ones of this route serve
 * (in list order) when any is listed, else the active session of each method, else the first.
 */
function providerCandidates(
  model: CatalogModel,
  route: ModelRoute,
  listings: readonly CredentialListing[],
  order: readonly string[],
): Array<Omit<RouteCandidate, 'reason'>> {
  const provider = route.provider;
  if (!isProviderId(provider)) return [];
  const targetOf = (method: AuthMethod, session?: string): RouteTarget => ({
    model: model.id,
    provider,
    method,
    upstreamId: route.upstreamId,
    transport: route.transport,
    ...(session === undefined ? {} : { session }),
  });
  for (const level of CREDENTIAL_LEVELS) {
    for (const listing of listings) {
      if (listing.level !== level) continue;
      const entries = listing.available.filter(
        (entry) => entry.provider === provider && route.methods.includes(entry.method),
      );
      if (entries.length === 0) continue;
      const named = entries.filter((entry) => entry.session !== undefined);
      if (named.length === 0) {
        const method = route.methods.find((wanted) => entries.some((entry) => entry.method === wanted));
        return method ? [{ target: targetOf(method), level }] : [];
      }
      const listed = order.flatMap((ref) => named.filter((entry) => `${entry.provider}/${entry.session}` === ref));
      const chosen =
        listed.length > 0
          ? listed
          : route.methods.flatMap((method) => {
              const ofMethod = named.filter((entry) => entry.method === method);
              const first = ofMethod.find((entry) => entry.active) ?? ofMethod[0];
              return first ? [first] : [];
            });
      return chosen.map((entry) => ({ target: targetOf(entry.method, entry.session), level }));
    }
  }
  return [];
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
