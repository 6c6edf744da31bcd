import type { Hono } from 'hono';
import { startStream } from '../gateway/event-stream-response.js';
import type { GatewayDependencies } from '../gateway/gateway-dependencies.js';
import type { GatewayEnv } from '../gateway/gateway-types.js';
import { parseRequestBody } from '../gateway/parse-request-body.js';
import { readJsonBody } from '../gateway/read-json-body.js';
import { responseId } from '../gateway/response-ids.js';
import { generateAnswer, requireModel, streamedResponse } from '../gateway/run-model-request.js';
import { responsesBody } from './responses-result.js';
import { responsesRequestSchema } from './responses-schema.js';
import { createResponsesStreamEncoder } from './responses-stream-encoder.js';
import { responsesToChatRequest } from './responses-to-chat-request.js';

/** `POST /v1/responses` (stateless), streamed or not. */
export function registerResponsesRoute(app: Hono<GatewayEnv>, dependencies: GatewayDependencies): void {
  app.post('/v1/responses', async (c) => {
    const state = c.get('state');
    const body = parseRequestBody(responsesRequestSchema, await readJsonBody(c.req.raw, dependencies.bodyLimitBytes));
    state.model = body.model;
    state.stream = body.stream === true;
    const model = requireModel(dependencies, body.model);
    const request = responsesToChatRequest(body, model.id, state.controller.signal);
    const context = { id: responseId('resp_'), model: body.model, createdAt: Math.floor(dependencies.now() / 1000), request: body };
    if (state.stream) {
      const started = await startStream(dependencies.runtime, request, state);
      return streamedResponse(dependencies, c, started, createResponsesStreamEncoder(context));
    }
    return c.json(responsesBody(await generateAnswer(dependencies, c, request), context));
  });
}
