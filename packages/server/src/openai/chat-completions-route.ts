import type { Hono } from 'hono';
import type { GatewayDependencies } from '../gateway/gateway-dependencies.js';
import type { GatewayEnv } from '../gateway/gateway-types.js';
import { parseRequestBody } from '../gateway/parse-request-body.js';
import { readJsonBody } from '../gateway/read-json-body.js';
import { responseId } from '../gateway/response-ids.js';
import { answerRequest, requireModel } from '../gateway/run-model-request.js';
import { chatCompletionBody } from './chat-completion-result.js';
import { createChatCompletionStreamEncoder } from './chat-completion-stream-encoder.js';
import { chatCompletionsRequestSchema } from './chat-completions-schema.js';
import { chatCompletionsToChatRequest } from './chat-completions-to-chat-request.js';

/** `POST /v1/chat/completions`, streamed (`stream: true`) or not. */
export function registerChatCompletionsRoute(app: Hono<GatewayEnv>, dependencies: GatewayDependencies): void {
  app.post('/v1/chat/completions', async (c) => {
    const state = c.get('state');
    const raw = await readJsonBody(c.req.raw, dependencies.bodyLimitBytes);
    const body = parseRequestBody(chatCompletionsRequestSchema, raw);
    state.model = body.model;
    state.stream = body.stream === true;
    const model = requireModel(dependencies, body.model);
    const identity = { id: responseId('chatcmpl-'), model: body.model, created: Math.floor(dependencies.now() / 1000) };
    return answerRequest(dependencies, c, {
      wire: 'openai-chat',
      body: raw as Record<string, unknown>,
      request: chatCompletionsToChatRequest(body, model.id, state.controller.signal),
      createEncoder: () => createChatCompletionStreamEncoder(identity, body.stream_options?.include_usage === true),
      resultBody: (result) => chatCompletionBody(result, identity),
    });
  });
}
