import type { Handler } from 'hono';
import type { GatewayDependencies } from './gateway-dependencies.js';
import type { GatewayEnv } from './gateway-types.js';
import { readJsonBody } from './read-json-body.js';
import { answerRequest, exchangeOf, type ApiRequestBuilder } from './run-model-request.js';
import { alreadySent } from './write-node-stream.js';

/**
 * The Hono handler of one model endpoint (`POST /v1/chat/completions`, `/v1/responses`,
 * `/v1/messages`): the body read within the limit (kept as bytes for a same-wire route), the
 * API's request built by `build` and answered — what the Node fast path does for the same paths.
 */
export function serveModelRoute(dependencies: GatewayDependencies, build: ApiRequestBuilder): Handler<GatewayEnv> {
  return async (c) => {
    const exchange = exchangeOf(c);
    const body = await readJsonBody(c.req.raw, dependencies.bodyLimitBytes);
    return (await answerRequest(dependencies, exchange, build(dependencies, exchange.state, body))) ?? alreadySent();
  };
}
