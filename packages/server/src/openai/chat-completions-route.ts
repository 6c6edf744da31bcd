import type { Hono } from 'hono';
import { asksForUsage, type JsonBody } from '@switchboard/core';
import type { GatewayDependencies } from '../gateway/gateway-dependencies.js';
import type { GatewayEnv, GatewayRequestState } from '../gateway/gateway-types.js';
import { parseRequestBody } from '../gateway/parse-request-body.js';
import { responseId } from '../gateway/response-ids.js';
import { routeModelRequest, type ApiRequest } from '../gateway/run-model-request.js';
import { serveModelRoute } from '../gateway/serve-model-route.js';
import { chatCompletionBody } from './chat-completion-result.js';
import { createChatCompletionStreamEncoder } from './chat-completion-stream-encoder.js';
import { chatCompletionsRequestSchema } from './chat-completions-schema.js';
import { chatCompletionsToChatRequest } from './chat-completions-to-chat-request.js';

/** The API request of a `POST /v1/chat/completions` body (routing fields checked, `state` noted). */
export function chatCompletionsRequest(
  dependencies: GatewayDependencies,
  state: GatewayRequestState,
  body: JsonBody,
): ApiRequest {
  const { routing, model } = routeModelRequest(dependencies, state, body);
  // Only a translated answer (or a passed-through stream's error event) needs an id of ours.
  let identity: { id: string; model: string; created: number } | undefined;
  const identityOf = () =>
    (identity ??= {
      id: responseId('chatcmpl-'),
      model: routing.model,
      created: Math.floor(dependencies.now() / 1000),
    });
  return {
    wire: 'openai-chat',
    body,
    model: model.id,
    neutral: () =>
      chatCompletionsToChatRequest(
        parseRequestBody(chatCompletionsRequestSchema, body.value()),
        model.id,
        state.controller.signal,
      ),
    createEncoder: () => createChatCompletionStreamEncoder(identityOf(), asksForUsage(body)),
    resultBody: (result) => chatCompletionBody(result, identityOf()),
  };
}

/** `POST /v1/chat/completions`, streamed (`stream: true`) or not. */
export function registerChatCompletionsRoute(app: Hono<GatewayEnv>, dependencies: GatewayDependencies): void {
  app.post('/v1/chat/completions', serveModelRoute(dependencies, chatCompletionsRequest));
}
