import type { Hono } from 'hono';
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

function asksForUsage(body: Record<string, unknown>): boolean {
  const options = body['stream_options'];
  return (
    typeof options === 'object' && options !== null && (options as Record<string, unknown>)['include_usage'] === true
  );
}

/** The API request of a parsed `POST /v1/chat/completions` body (routing fields checked, `state` noted). */
export function chatCompletionsRequest(
  dependencies: GatewayDependencies,
  state: GatewayRequestState,
  raw: Record<string, unknown>,
): ApiRequest {
  const { routing, model } = routeModelRequest(dependencies, state, raw);
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
    body: raw,
    model: model.id,
    neutral: () =>
      chatCompletionsToChatRequest(
        parseRequestBody(chatCompletionsRequestSchema, raw),
        model.id,
        state.controller.signal,
      ),
    createEncoder: () => createChatCompletionStreamEncoder(identityOf(), asksForUsage(raw)),
    resultBody: (result) => chatCompletionBody(result, identityOf()),
  };
}

/** `POST /v1/chat/completions`, streamed (`stream: true`) or not. */
export function registerChatCompletionsRoute(app: Hono<GatewayEnv>, dependencies: GatewayDependencies): void {
  app.post('/v1/chat/completions', serveModelRoute(dependencies, chatCompletionsRequest));
}
