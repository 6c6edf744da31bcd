import type { Hono } from 'hono';
import type { GatewayDependencies } from '../gateway/gateway-dependencies.js';
import type { GatewayEnv } from '../gateway/gateway-types.js';
import { parseRoutingFields } from '../gateway/parse-request-body.js';
import { readJsonBody } from '../gateway/read-json-body.js';
import { callerHeaders, requireModel } from '../gateway/run-model-request.js';
import { estimateInputTokens } from './estimate-input-tokens.js';

/** Response header set when `input_tokens` is Switchboard's estimate, not the upstream's count. */
export const TOKEN_ESTIMATE_HEADER = 'x-switchboard-token-estimate';

/**
 * Anthropic `POST /v1/messages/count_tokens`. A route served by Anthropic's own API counts
 * (the body goes to its `count_tokens` as it came); any other route answers with
 * {@link estimateInputTokens}, marked by {@link TOKEN_ESTIMATE_HEADER}. Claude Code calls it
 * for `/context` and to decide when to compact.
 */
export function registerCountTokensRoute(app: Hono<GatewayEnv>, dependencies: GatewayDependencies): void {
  app.post('/v1/messages/count_tokens', async (c) => {
    const state = c.get('state');
    const body = await readJsonBody(c.req.raw, dependencies.bodyLimitBytes);
    const routing = parseRoutingFields(body);
    state.model = routing.model;
    const model = requireModel(dependencies, routing.model);
    const forwarded = await dependencies.runtime.forward({
      model: model.id,
      signal: state.controller.signal,
      wire: 'anthropic-messages',
      body,
      stream: false,
      path: '/count_tokens',
      forwardOnly: true,
      headers: callerHeaders((name) => c.req.header(name), 'anthropic-messages'),
      // Never streamed: there is no stream to end with an error event.
      encodeError: () => '',
    });
    state.route = forwarded.route;
    if (forwarded.type === 'passthrough-json')
      return new Response(forwarded.body, {
        status: forwarded.status,
        headers: { 'content-type': forwarded.contentType },
      });
    return c.json({ input_tokens: estimateInputTokens(body.value()) }, 200, { [TOKEN_ESTIMATE_HEADER]: 'true' });
  });
}
