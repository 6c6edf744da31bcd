/**
 * @switchboard/server — the local gateway (`sb serve --local`): OpenAI- and
 * Anthropic-compatible endpoints backed by the user's own logins through core's runtime.
 * @packageDocumentation
 */
export { createGatewayApp, OVERHEAD_HEADER } from './gateway/create-gateway-app.js';
export { startGateway, GATEWAY_HOST } from './gateway/start-gateway.js';
export type { StartGatewayOptions, RunningGateway } from './gateway/start-gateway.js';
export type {
  GatewayAppOptions,
  GatewayAuth,
  GatewayAuthenticator,
  GatewayCatalog,
  GatewayRuntime,
} from './gateway/gateway-types.js';
export { createUpstreamTiming, RequestTiming } from './gateway/upstream-timing.js';
export type { UpstreamTiming } from './gateway/upstream-timing.js';
export { createGatewayLogger, GATEWAY_REDACT_PATHS } from './gateway/create-gateway-logger.js';
export type { GatewayLogDestination, GatewayLogger, GatewayLoggerOptions } from './gateway/create-gateway-logger.js';
export { ensureLocalToken, createLocalToken, LOCAL_TOKEN_SECRET } from './gateway/local-token.js';
export { DEFAULT_BODY_LIMIT_BYTES } from './gateway/read-json-body.js';
export { createRequestTracker } from './gateway/request-tracker.js';
export type { RequestTracker } from './gateway/request-tracker.js';
export { startLocalGateway, DEFAULT_GATEWAY_PORT } from './local/start-local-gateway.js';
export type { LocalGateway, StartLocalGatewayOptions } from './local/start-local-gateway.js';
export { createNodeFetch } from './gateway/create-node-fetch.js';
export type { NodeFetch } from './gateway/create-node-fetch.js';
export { httpStatusFor } from './gateway/http-status-for.js';
export { presentedToken } from './gateway/create-token-check.js';
