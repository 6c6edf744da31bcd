import type { Logger } from 'pino';
import type { AccessLog } from './access-log.js';
import type { GatewayAuth, GatewayCatalog, GatewayRuntime } from './gateway-types.js';
import type { RequestTracker } from './request-tracker.js';

/** What the route modules share, resolved once by `createGatewayApp`. */
export interface GatewayDependencies {
  runtime: GatewayRuntime;
  catalog: GatewayCatalog;
  auth: GatewayAuth;
  logger: Logger;
  /** The access line of each request, written to `logger`. */
  accessLog: AccessLog;
  now: () => number;
  bodyLimitBytes: number;
  tracker: RequestTracker;
}
