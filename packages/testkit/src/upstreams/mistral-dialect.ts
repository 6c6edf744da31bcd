import {
  jsonReply,
  retryAfterHeaders,
  sseData,
  type Dialect,
  type ExchangeContext,
  type FakeReply,
} from './dialect.js';
import { openaiChatDialect } from './openai-chat-dialect.js';

function errorDefaults(status: number, model: string): { type: string; code: string | null; message: string } {
  switch (status) {
    case 400:
      return { type: 'invalid_request_error', code: '3001', message: 'Invalid request' };
    case 404:
      return { type: 'invalid_model', code: '1500', message: `Invalid model: ${model}` };
    case 429:
      return { type: 'rate_limited', code: '1300', message: 'Requests rate limit exceeded' };
    case 503:
      return { type: 'service_unavailable', code: '3505', message: 'Service unavailable.' };
    default:
      return { type: 'internal_server_error', code: null, message: 'Internal server error' };
  }
}

/** `{ object: 'error', message, type, param, code }`. */
function errorBody(
  status: number,
  model: string,
  override: { errorType?: string; message?: string },
): Record<string, unknown> {
  const defaults = errorDefaults(status, model);
  return {
    object: 'error',
    message: override.message ?? defaults.message,
    type: override.errorType ?? defaults.type,
    param: null,
    code: defaults.code,
  };
}

function usageObject(reply: FakeReply): Record<string, unknown> {
  return {
    prompt_tokens: reply.usage.inputTokens,
    total_tokens: reply.usage.inputTokens + reply.usage.outputTokens,
    completion_tokens: reply.usage.outputTokens,
  };
}

/** Mistral's tool call ids are nine alphanumerics. */
function toolCallId(context: ExchangeContext): string {
  return context.requestId.replace(/[^a-zA-Z0-9]/g, '').slice(-9);
}

/** Mistral chat completions: OpenAI-like, usage on the finish chunk, the tool call sent whole. */
export const mistralDialect: Dialect = {
  lastUserText: openaiChatDialect.lastUserText,

  json(reply, context) {
    const message =
      reply.kind === 'text'
        ? { role: 'assistant', content: reply.text, tool_calls: null, prefix: false }
        : {
            role: 'assistant',
            content: '',
            tool_calls: [
              {
                id: toolCallId(context),
                type: 'function',
                function: { name: reply.toolName, arguments: reply.text },
                index: 0,
              },
            ],
            prefix: false,
          };
    return jsonReply(
      200,
      {
        id: context.requestId.slice(-32),
        object: 'chat.completion',
        model: context.model,
        usage: usageObject(reply),
        created: context.createdAt,
        choices: [{ index: 0, message, finish_reason: reply.kind === 'text' ? 'stop' : 'tool_calls' }],
      },
      { 'x-kong-request-id': context.requestId },
    );
  },

  stream(reply, context) {
    const chunk = (
      delta: Record<string, unknown>,
      finishReason: string | null,
      extra: Record<string, unknown> = {},
    ): string =>
      sseData({
        id: context.requestId.slice(-32),
        object: 'chat.completion.chunk',
        created: context.createdAt,
        model: context.model,
        choices: [{ index: 0, delta, finish_reason: finishReason }],
        ...extra,
      });
    const prelude = [chunk({ role: 'assistant', content: '' }, null)];
    if (reply.kind === 'tool-call') {
      return {
        headers: { 'content-type': 'text/event-stream; charset=utf-8', 'x-kong-request-id': context.requestId },
        prelude,
        deltas: reply.chunks.map(() => chunk({ content: '' }, null)),
        finale: [
          chunk(
            {
              content: '',
              tool_calls: [
                { id: toolCallId(context), function: { name: reply.toolName, arguments: reply.text }, index: 0 },
              ],
            },
            'tool_calls',
            { usage: usageObject(reply) },
          ),
          'data: [DONE]\n\n',
        ],
      };
    }
    return {
      headers: { 'content-type': 'text/event-stream; charset=utf-8', 'x-kong-request-id': context.requestId },
      prelude,
      deltas: reply.chunks.map((piece) => chunk({ content: piece }, null)),
      finale: [chunk({ content: '' }, 'stop', { usage: usageObject(reply) }), 'data: [DONE]\n\n'],
    };
  },

  inBandError(spec, context) {
    return [sseData(errorBody(500, context.model, spec))];
  },

  error(spec, context) {
    return jsonReply(spec.status, errorBody(spec.status, context.model, spec), {
      'x-kong-request-id': context.requestId,
      ...retryAfterHeaders(spec),
    });
  },
};
