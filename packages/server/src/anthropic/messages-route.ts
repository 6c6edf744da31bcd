import type { Hono } from 'hono';
import type { JsonBody } from '@switchboard/core';
import type { GatewayDependencies } from '../gateway/gateway-dependencies.js';
import type { GatewayEnv, GatewayRequestState } from '../gateway/gateway-types.js';
import { parseRequestBody } from '../gateway/parse-request-body.js';
import { responseId } from '../gateway/response-ids.js';
import { routeModelRequest, type ApiRequest } from '../gateway/run-model-request.js';
import { serveModelRoute } from '../gateway/serve-model-route.js';
import { messagesBody } from './messages-result.js';
import { messagesRequestSchema } from './messages-schema.js';
import { createMessagesStreamEncoder } from './messages-stream-encoder.js';
import { messagesToChatRequest } from './messages-to-chat-request.js';

/** The API request of an Anthropic `POST /v1/messages` body (routing fields checked, `state` noted). */
export function messagesRequest(
  dependencies: GatewayDependencies,
  state: GatewayRequestState,
  body: JsonBody,
): ApiRequest {
  const { routing, model } = routeModelRequest(dependencies, state, body);
  // Only a translated answer (or a passed-through stream's error event) needs an id of ours.
  let identity: { id: string; model: string; requestId: string } | undefined;
  const identityOf = () => (identity ??= { id: responseId('msg_'), model: routing.model, requestId: state.id });
  return {
    wire: 'anthropic-messages',
    body,
    model: model.id,
    neutral: () =>
      messagesToChatRequest(parseRequestBody(messagesRequestSchema, body.value()), model.id, state.controller.signal),
    createEncoder: () => createMessagesStreamEncoder(identityOf()),
    resultBody: (result) => messagesBody(result, identityOf()),
  };
}

/** Anthropic `POST /v1/messages`, streamed or not. */
export function registerMessagesRoute(app: Hono<GatewayEnv>, dependencies: GatewayDependencies): void {
  app.post('/v1/messages', serveModelRoute(dependencies, messagesRequest));
}
