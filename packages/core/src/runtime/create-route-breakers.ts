import type { RouteTarget } from '../providers/types.js';
import { createCircuitBreaker, type CircuitBreaker, type CircuitBreakerOptions } from './circuit-breaker.js';
import { observeCircuit } from './observe-circuit.js';
import type { RouteEvent } from './route-event.js';
import { routeKey } from './route-key.js';
import type { RouteCircuit } from './runtime.js';

/** The circuit breakers of a runtime: one per route and session, made on first use. */
export interface RouteBreakers {
  breakerFor(target: RouteTarget): CircuitBreaker;
  /** Every breaker that has seen traffic. */
  circuits(): RouteCircuit[];
}

/** Creates the breakers; each reports opening and closing as a route event. */
export function createRouteBreakers(options: {
  now: () => number;
  circuitBreaker?: Partial<CircuitBreakerOptions> | undefined;
  routeEvent: (event: RouteEvent) => void;
}): RouteBreakers {
  const breakers = new Map<string, { route: RouteCircuit['route']; breaker: CircuitBreaker }>();
  return {
    breakerFor(target) {
      const key = routeKey(target);
      let entry = breakers.get(key);
      if (!entry) {
        const route = {
          provider: target.provider,
          method: target.method,
          transport: target.transport,
          upstreamId: target.upstreamId,
        };
        entry = {
          route,
          breaker: observeCircuit(createCircuitBreaker({ now: options.now, ...options.circuitBreaker }), (circuit) =>
            options.routeEvent({ type: 'circuit', provider: target.provider, method: target.method, state: circuit }),
          ),
        };
        breakers.set(key, entry);
      }
      return entry.breaker;
    },
    circuits() {
      return [...breakers.values()].map(({ route, breaker }) => ({
        route,
        state: breaker.state(),
        retryInMs: breaker.retryInMs(),
      }));
    },
  };
}
