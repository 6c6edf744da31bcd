import type { RouteTarget } from '../providers/types.js';

/** The same route: provider, method, stored session, transport and upstream model (plans build new objects for them). */
export function sameRoute(left: RouteTarget, right: RouteTarget): boolean {
  return (
    left === right ||
    (left.provider === right.provider &&
      left.method === right.method &&
      left.session === right.session &&
      left.transport === right.transport &&
      left.upstreamId === right.upstreamId)
  );
}
