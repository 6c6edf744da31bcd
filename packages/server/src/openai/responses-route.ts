import type { Hono } from 'hono';
import type { GatewayDependencies } from '../gateway/gateway-dependencies.js';
import type { GatewayEnv } from '../gateway/gateway-types.js';
import { parseRequestBody } from '../gateway/parse-request-body.js';
import { readJsonBody } from '../gateway/read-json-body.js';
import { responseId } from '../gateway/response-ids.js';
import { answerRequest, requireModel } from '../gateway/run-model-request.js';
import { responsesBody } from './responses-result.js';
import { responsesRequestSchema } from './responses-schema.js';
import { createResponsesStreamEncoder } from './responses-stream-encoder.js';
import { responsesToChatRequest } from './responses-to-chat-request.js';

/** `POST /v1/responses` (stateless), streamed or not. */
export function registerResponsesRoute(app: Hono<GatewayEnv>, dependencies: GatewayDependencies): void {
  app.post('/v1/responses', async (c) => {
    const state = c.get('state');
    const raw = await readJsonBody(c.req.raw, dependencies.bodyLimitBytes);
    const body = parseRequestBody(responsesRequestSchema, raw);
    state.model = body.model;
    state.stream = body.stream === true;
    const model = requireModel(dependencies, body.model);
    const context = {
      id: responseId('resp_'),
      model: body.model,
      createdAt: Math.floor(dependencies.now() / 1000),
      request: body,
    };
    return answerRequest(dependencies, c, {
      wire: 'openai-responses',
      body: raw as Record<string, unknown>,
      request: responsesToChatRequest(body, model.id, state.controller.signal),
      createEncoder: () => createResponsesStreamEncoder(context),
      resultBody: (result) => responsesBody(result, context),
    });
  });
}
