import {
  deferExhaustedRoutes,
  environmentApiKey,
  isProviderId,
  planRoutes,
  routeProviderName,
  routingPolicyOf,
  type AuthMethod,
  type CatalogModel,
  type Environment,
  type ProviderId,
  type ProviderStatus,
  type RouteTarget,
  type SessionExhaustion,
  type SwitchboardConfig,
} from '@switchboard/core';

/** A (provider, method) pair some credential can serve: a stored session or an environment key. */
export interface AvailableLogin {
  readonly provider: ProviderId;
  readonly method: AuthMethod;
  /** The stored session's name, when a session serves it (a provider may hold several). */
  readonly session?: string;
  /** True for the provider's active session. */
  readonly active?: boolean;
}

/** What the chat knows about logins at one moment; refreshed on events and while the picker is open. */
export interface LoginSnapshot {
  readonly statuses: readonly ProviderStatus[];
  readonly config: SwitchboardConfig;
  readonly available: readonly AvailableLogin[];
  /** Plans that ran out: their routes rank last, as requests skip them until their reset. */
  readonly exhaustion?: Pick<SessionExhaustion, 'until'>;
  /** When the snapshot was read (epoch ms). */
  readonly readAt?: number;
}

/**
 * The logins a request can use, as the runtime's credential levels see them: every stored
 * session (several per provider), plus an API key for each provider whose key variable is set in
 * the environment.
 */
export function availableLogins(
  statuses: readonly ProviderStatus[],
  config: SwitchboardConfig,
  environment: Environment,
): AvailableLogin[] {
  const available: AvailableLogin[] = [];
  for (const status of statuses) {
    // Every stored session, as the runtime's session level lists them (a plan and a key beside it).
    for (const session of status.sessions)
      available.push({
        provider: status.provider,
        method: session.method,
        session: session.name,
        active: session.active,
      });
    if (status.sessions.length === 0 && status.loggedIn && status.method)
      available.push({ provider: status.provider, method: status.method });
    const keyed = environmentApiKey(config.providers[status.provider], environment) !== undefined;
    if (keyed && !status.sessions.some((session) => session.method === 'api-key') && status.method !== 'api-key')
      available.push({ provider: status.provider, method: 'api-key' });
  }
  return available;
}

/**
 * The model's usable routes, best first — the runtime's own planner (`planRoutes`: the active
 * login first, then `routing.prefer`) over a snapshot, reading no secret, so the picker and the
 * status line can rank every model on each refresh.
 */
export function usableRoutes(model: CatalogModel, snapshot: LoginSnapshot, environment: Environment): RouteTarget[] {
  const planned = planRoutes({
    model,
    // As the runtime's levels: environment keys (workspace) over stored sessions.
    available: [
      { level: 'workspace', available: snapshot.available.filter((login) => login.session === undefined) },
      { level: 'session', available: snapshot.available.filter((login) => login.session !== undefined) },
    ],
    environment,
    ...routingPolicyOf(snapshot.config),
  });
  const ranked = snapshot.exhaustion
    ? deferExhaustedRoutes(planned, snapshot.exhaustion, snapshot.readAt ?? 0)
    : planned;
  return ranked.map((candidate) => candidate.target);
}

/** The route a request for `model` would take now, or null when no login serves it. */
export function chooseRoute(
  model: CatalogModel,
  snapshot: LoginSnapshot,
  environment: Environment,
): RouteTarget | null {
  return usableRoutes(model, snapshot, environment)[0] ?? null;
}

/** The name people know a route's provider by: `Claude`, or an endpoint's own name. */
export function providerDisplayName(
  provider: RouteTarget['provider'],
  model: CatalogModel | undefined,
  config: SwitchboardConfig,
): string {
  const endpoints = model?.routes.flatMap((route) => (route.endpoint ? [route.endpoint] : [])) ?? [];
  return routeProviderName(provider, { providers: config.providers, endpoints });
}
