import type { Logger } from 'pino';
import type { GatewayAuth, GatewayCatalog, GatewayRuntime } from './gateway-types.js';
import type { RequestTracker } from './request-tracker.js';

/** What the route modules share, resolved once by `createGatewayApp`. */
export interface GatewayDependencies {
  runtime: GatewayRuntime;
  catalog: GatewayCatalog;
  auth: GatewayAuth;
  logger: Logger;
  now: () => number;
  bodyLimitBytes: number;
  tracker: RequestTracker;
}
