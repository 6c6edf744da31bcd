import type { Hono } from 'hono';
import type { GatewayDependencies } from './gateway-dependencies.js';
import type { GatewayEnv } from './gateway-types.js';

/** `/healthz`: liveness. No token, no I/O. */
export function registerHealthRoutes(app: Hono<GatewayEnv>): void {
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
}

/**
 * `/readyz` (behind the token check): readiness with each provider's status — `ready` (a
 * session, no failing route), `degraded` (a session, but a route's circuit breaker is open),
 * `unconfigured` (no session). 200 when at least one provider is ready, 503 otherwise.
 * Nothing upstream is contacted: probes must stay cheap.
 */
export function registerReadinessRoute(app: Hono<GatewayEnv>, dependencies: GatewayDependencies): void {
  app.get('/readyz', async (c) => {
    const statuses = await dependencies.auth.status();
    const openCircuits = new Set(
      dependencies.runtime
        .circuits()
        .filter((circuit) => circuit.state === 'open')
        .map((circuit) => `${circuit.route.provider}\u0000${circuit.route.method}`),
    );
    const providers: Record<string, Record<string, unknown>> = {};
    let ready = false;
    for (const status of statuses) {
      const failing = status.method !== null && openCircuits.has(`${status.provider}\u0000${status.method}`);
      const state = !status.loggedIn ? 'unconfigured' : failing ? 'degraded' : 'ready';
      if (state === 'ready') ready = true;
      providers[status.provider] = {
        status: state,
        method: status.method,
        expiresAt: status.expiresAt,
        refreshable: status.refreshable,
      };
    }
    // openRequests leaves out this probe itself.
    return c.json(
      { status: ready ? 'ready' : 'not_ready', openRequests: dependencies.tracker.size - 1, providers },
      ready ? 200 : 503,
    );
  });
}
