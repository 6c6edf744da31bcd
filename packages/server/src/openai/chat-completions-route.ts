import type { Hono } from 'hono';
import { asksForUsage, type ChatRequest, type GenerateResult, type JsonBody } from '@switchboard/core';
import type { GatewayDependencies } from '../gateway/gateway-dependencies.js';
import type { GatewayEnv, GatewayRequestState } from '../gateway/gateway-types.js';
import { parseRequestBody } from '../gateway/parse-request-body.js';
import { responseId } from '../gateway/response-ids.js';
import { ModelApiRequest } from '../gateway/model-api-request.js';
import type { ApiRequest } from '../gateway/run-model-request.js';
import { serveModelRoute } from '../gateway/serve-model-route.js';
import type { StreamEncoder } from '../gateway/stream-encoder.js';
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
  return new ChatCompletionsRequest(dependencies, state, body);
}

/** One chat completions request. */
class ChatCompletionsRequest extends ModelApiRequest {
  readonly wire = 'openai-chat';
  /** Only a translated answer (or a passed-through stream's error event) needs an id of ours. */
  private identity: { id: string; model: string; created: number } | undefined = undefined;

  neutral(): ChatRequest {
    return chatCompletionsToChatRequest(
      parseRequestBody(chatCompletionsRequestSchema, this.body.value()),
      this.model,
      this.state.controller.signal,
    );
  }

  createEncoder(): StreamEncoder {
    return createChatCompletionStreamEncoder(this.identityOf(), asksForUsage(this.body));
  }

  resultBody(result: GenerateResult): unknown {
    return chatCompletionBody(result, this.identityOf());
  }

  private identityOf(): { id: string; model: string; created: number } {
    return (this.identity ??= {
      id: responseId('chatcmpl-'),
      model: this.askedModel,
      created: Math.floor(this.dependencies.now() / 1000),
    });
  }
}

/** `POST /v1/chat/completions`, streamed (`stream: true`) or not. */
export function registerChatCompletionsRoute(app: Hono<GatewayEnv>, dependencies: GatewayDependencies): void {
  app.post('/v1/chat/completions', serveModelRoute(dependencies, chatCompletionsRequest));
}
