import type { Hono } from 'hono';
import type { ChatRequest, GenerateResult, JsonBody } from '@switchboard/core';
import type { GatewayDependencies } from '../gateway/gateway-dependencies.js';
import type { GatewayEnv, GatewayRequestState } from '../gateway/gateway-types.js';
import { parseRequestBody } from '../gateway/parse-request-body.js';
import { responseId } from '../gateway/response-ids.js';
import { ModelApiRequest } from '../gateway/model-api-request.js';
import type { ApiRequest } from '../gateway/run-model-request.js';
import { serveModelRoute } from '../gateway/serve-model-route.js';
import type { StreamEncoder } from '../gateway/stream-encoder.js';
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
  return new MessagesRequest(dependencies, state, body);
}

/** One Messages request. */
class MessagesRequest extends ModelApiRequest {
  readonly wire = 'anthropic-messages';
  /** Only a translated answer (or a passed-through stream's error event) needs an id of ours. */
  private identity: { id: string; model: string; requestId: string } | undefined = undefined;

  neutral(): ChatRequest {
    return messagesToChatRequest(
      parseRequestBody(messagesRequestSchema, this.body.value()),
      this.model,
      this.state.controller.signal,
    );
  }

  createEncoder(): StreamEncoder {
    return createMessagesStreamEncoder(this.identityOf());
  }

  resultBody(result: GenerateResult): unknown {
    return messagesBody(result, this.identityOf());
  }

  private identityOf(): { id: string; model: string; requestId: string } {
    return (this.identity ??= { id: responseId('msg_'), model: this.askedModel, requestId: this.state.id });
  }
}

/** Anthropic `POST /v1/messages`, streamed or not. */
export function registerMessagesRoute(app: Hono<GatewayEnv>, dependencies: GatewayDependencies): void {
  app.post('/v1/messages', serveModelRoute(dependencies, messagesRequest));
}
