import type { RouteTarget } from '../providers/types.js';

/** What makes two routes the same route: provider, method, transport, upstream model and stored session. */
export type RouteIdentity = Pick<RouteTarget, 'provider' | 'method' | 'transport' | 'upstreamId' | 'session'>;

/** One string per route (plans build new objects for the same route): the key of what is kept per route. */
export function routeKey(target: RouteIdentity): string {
  return `${target.provider}\u0000${target.method}\u0000${target.transport}\u0000${target.upstreamId}\u0000${target.session ?? ''}`;
}

/** The same route, as {@link routeKey} tells routes apart. */
export function sameRoute(left: RouteIdentity, right: RouteIdentity): boolean {
  return left === right || routeKey(left) === routeKey(right);
}
