import { SwitchboardError } from '@switchboard/core';
import type { MiddlewareHandler } from 'hono';

/** Methods that never change state, so a cross-site request with them is harmless. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Refuses state-changing requests that carry cookies unless their `Origin` is one of
 * `allowedOrigins` (by default the request's own origin). Only cookie-bearing requests can be
 * forged by another site (the browser attaches the session cookie); a request authenticated by
 * an `Authorization` header alone carries nothing ambient, so API clients without `Origin` pass.
 * A cookie-bearing request without `Origin` is refused: every current browser sends it on
 * cross-origin and same-origin POSTs, so its absence means a client that should use an API key.
 */
export function createOriginCheck(allowedOrigins?: readonly string[]): MiddlewareHandler {
  const configured = allowedOrigins === undefined ? undefined : new Set(allowedOrigins.map((o) => new URL(o).origin));
  return async (context, next) => {
    const request = context.req.raw;
    if (!SAFE_METHODS.has(request.method) && request.headers.has('cookie')) {
      const origin = request.headers.get('origin');
      const allowed = configured ?? new Set([new URL(request.url).origin]);
      if (origin === null || !allowed.has(origin))
        throw new SwitchboardError('PERMISSION_DENIED', 'Cross-site request refused: its Origin is not this server.');
    }
    await next();
  };
}
