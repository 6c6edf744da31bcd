import type { Hono } from 'hono';
import type { ChatRequest, GenerateResult, JsonBody } from '@switchboard/core';
import type { GatewayDependencies } from '../gateway/gateway-dependencies.js';
import { GatewayRequestError } from '../gateway/gateway-request-error.js';
import type { GatewayEnv, GatewayRequestState } from '../gateway/gateway-types.js';
import { parseRequestBody } from '../gateway/parse-request-body.js';
import { responseId } from '../gateway/response-ids.js';
import { ModelApiRequest } from '../gateway/model-api-request.js';
import type { ApiRequest } from '../gateway/run-model-request.js';
import { serveModelRoute } from '../gateway/serve-model-route.js';
import type { StreamEncoder } from '../gateway/stream-encoder.js';
import { responsesBody, type NamespacedName, type ResponseEcho } from './responses-result.js';
import { responsesRequestSchema } from './responses-schema.js';
import { createResponsesStreamEncoder } from './responses-stream-encoder.js';
import { responsesToChatRequest } from './responses-to-chat-request.js';

const echoSchema = responsesRequestSchema
  .pick({
    instructions: true,
    max_output_tokens: true,
    temperature: true,
    tool_choice: true,
    tools: true,
    top_p: true,
    metadata: true,
  })
  .partial();

/** The fields a translated answer echoes, read leniently: an unreadable field is left out. */
function responseEcho(body: JsonBody): ResponseEcho {
  let value: unknown;
  try {
    value = body.value();
  } catch {
    return {};
  }
  const parsed = echoSchema.safeParse(value);
  return parsed.success ? parsed.data : {};
}

/**
 * `GET /v1/responses` with `Upgrade: websocket` is Codex trying its WebSocket transport. 426 is
 * the answer it takes as "use HTTP" at once (openai/codex codex-rs/core/src/client.rs,
 * `stream_responses_websocket`: a handshake failing with UPGRADE_REQUIRED returns
 * `FallbackToHttp`); any other status is retried as a failed stream, seconds per attempt.
 */
export const WEBSOCKET_REFUSED_STATUS = 426;

/** The API request of a `POST /v1/responses` body (routing fields checked, `state` noted). */
export function responsesRequest(
  dependencies: GatewayDependencies,
  state: GatewayRequestState,
  body: JsonBody,
): ApiRequest {
  return new ResponsesRequest(dependencies, state, body);
}

/** One Responses request. */
class ResponsesRequest extends ModelApiRequest {
  readonly wire = 'openai-responses';
  /** What a translation renamed or kept as custom, for the answer to name them back. */
  private namespaced: ReadonlyMap<string, NamespacedName> | undefined = undefined;
  private customTools: ReadonlySet<string> | undefined = undefined;

  neutral(): ChatRequest {
    const { dependencies, state } = this;
    const translated = responsesToChatRequest(
      parseRequestBody(responsesRequestSchema, this.body.value()),
      this.model,
      state.controller.signal,
    );
    this.namespaced = translated.namespaced;
    this.customTools = translated.custom;
    if (translated.droppedTools.length > 0)
      dependencies.logger.warn(
        { reqId: state.id, model: this.askedModel, droppedTools: [...new Set(translated.droppedTools)] },
        'tools only a Responses upstream can run were left out of a translated request',
      );
    return translated.request;
  }

  createEncoder(): StreamEncoder {
    return createResponsesStreamEncoder(this.context());
  }

  resultBody(result: GenerateResult): unknown {
    return responsesBody(result, this.context());
  }

  private context() {
    const { namespaced, customTools } = this;
    return {
      id: responseId('resp_'),
      model: this.askedModel,
      createdAt: Math.floor(this.dependencies.now() / 1000),
      request: responseEcho(this.body),
      ...(namespaced ? { namespaced } : {}),
      ...(customTools ? { customTools } : {}),
    };
  }
}

/** `POST /v1/responses` (stateless), streamed or not; `GET` (a WebSocket attempt) is refused with 426. */
export function registerResponsesRoute(app: Hono<GatewayEnv>, dependencies: GatewayDependencies): void {
  app.get('/v1/responses', () => {
    throw new GatewayRequestError(
      'INVALID_REQUEST',
      'The Switchboard gateway serves /v1/responses over HTTP only: POST the request (no WebSocket).',
      { status: WEBSOCKET_REFUSED_STATUS },
    );
  });

  app.post('/v1/responses', serveModelRoute(dependencies, responsesRequest));
}
