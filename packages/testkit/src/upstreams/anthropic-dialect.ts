import {
  isRecord,
  jsonReply,
  lastUserMessageText,
  retryAfterHeaders,
  sseEvent,
  textOfContent,
  type Dialect,
  type ExchangeContext,
  type FakeReply,
} from './dialect.js';

/** Error type and message api.anthropic.com answers with for each status. */
export function anthropicErrorDefaults(status: number, model: string): { type: string; message: string } {
  switch (status) {
    case 400:
      return { type: 'invalid_request_error', message: 'Invalid request.' };
    case 401:
      return { type: 'authentication_error', message: 'invalid x-api-key' };
    case 403:
      return {
        type: 'permission_error',
        message: 'Your API key does not have permission to use the specified resource.',
      };
    case 404:
      return { type: 'not_found_error', message: `model: ${model}` };
    case 413:
      return { type: 'request_too_large', message: 'Request exceeds the maximum allowed number of bytes.' };
    case 429:
      return {
        type: 'rate_limit_error',
        message:
          'This request would exceed the rate limit for your organization of 50 requests per minute. For details, refer to: https://docs.claude.com/en/api/rate-limits.',
      };
    case 529:
      return { type: 'overloaded_error', message: 'Overloaded' };
    default:
      return { type: 'api_error', message: 'Internal server error' };
  }
}

/** `{ type: 'error', error: { type, message }, request_id }` with `request-id`. */
export function anthropicErrorBody(
  status: number,
  requestId: string,
  model: string,
  override: { errorType?: string; message?: string } = {},
): Record<string, unknown> {
  const defaults = anthropicErrorDefaults(status, model);
  return {
    type: 'error',
    error: { type: override.errorType ?? defaults.type, message: override.message ?? defaults.message },
    request_id: requestId,
  };
}

function messageId(context: ExchangeContext): string {
  return `msg_01${context.requestId.slice(-22)}`;
}

function toolUseId(context: ExchangeContext): string {
  return `toolu_01${context.requestId.slice(-22)}`;
}

function usageObject(inputTokens: number, outputTokens: number): Record<string, unknown> {
  return {
    input_tokens: inputTokens,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 0,
    cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 },
    output_tokens: outputTokens,
    service_tier: 'standard',
  };
}

function parseArguments(reply: FakeReply): unknown {
  return JSON.parse(reply.text) as unknown;
}

/** Anthropic Messages (`POST /v1/messages`), also spoken by Claude on Vertex. */
export const anthropicDialect: Dialect = {
  lastUserText(body) {
    return isRecord(body) ? lastUserMessageText(body['messages'], (message) => textOfContent(message['content'])) : '';
  },

  json(reply, context) {
    const content =
      reply.kind === 'text'
        ? [{ type: 'text', text: reply.text }]
        : [{ type: 'tool_use', id: toolUseId(context), name: reply.toolName, input: parseArguments(reply) }];
    return jsonReply(
      200,
      {
        id: messageId(context),
        type: 'message',
        role: 'assistant',
        model: context.model,
        content,
        stop_reason: reply.kind === 'text' ? 'end_turn' : 'tool_use',
        stop_sequence: null,
        usage: usageObject(reply.usage.inputTokens, reply.usage.outputTokens),
      },
      { 'request-id': context.requestId },
    );
  },

  stream(reply, context) {
    const contentBlock =
      reply.kind === 'text'
        ? { type: 'text', text: '' }
        : { type: 'tool_use', id: toolUseId(context), name: reply.toolName, input: {} };
    const prelude = [
      sseEvent('message_start', {
        type: 'message_start',
        message: {
          id: messageId(context),
          type: 'message',
          role: 'assistant',
          model: context.model,
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: usageObject(reply.usage.inputTokens, 1),
        },
      }),
      sseEvent('content_block_start', { type: 'content_block_start', index: 0, content_block: contentBlock }),
      sseEvent('ping', { type: 'ping' }),
    ];
    const deltas = reply.chunks.map((piece) =>
      sseEvent('content_block_delta', {
        type: 'content_block_delta',
        index: 0,
        delta:
          reply.kind === 'text'
            ? { type: 'text_delta', text: piece }
            : { type: 'input_json_delta', partial_json: piece },
      }),
    );
    const finale = [
      sseEvent('content_block_stop', { type: 'content_block_stop', index: 0 }),
      sseEvent('message_delta', {
        type: 'message_delta',
        delta: { stop_reason: reply.kind === 'text' ? 'end_turn' : 'tool_use', stop_sequence: null },
        usage: {
          input_tokens: reply.usage.inputTokens,
          cache_creation_input_tokens: 0,
          cache_read_input_tokens: 0,
          output_tokens: reply.usage.outputTokens,
        },
      }),
      sseEvent('message_stop', { type: 'message_stop' }),
    ];
    return {
      headers: { 'content-type': 'text/event-stream; charset=utf-8', 'request-id': context.requestId },
      prelude,
      deltas,
      finale,
    };
  },

  inBandError(spec, context) {
    return [sseEvent('error', anthropicErrorBody(529, context.requestId, context.model, spec))];
  },

  error(spec, context) {
    const headers: Record<string, string> = { 'request-id': context.requestId, ...retryAfterHeaders(spec) };
    if (spec.status === 429) {
      headers['anthropic-ratelimit-requests-limit'] = '50';
      headers['anthropic-ratelimit-requests-remaining'] = '0';
    }
    return jsonReply(spec.status, anthropicErrorBody(spec.status, context.requestId, context.model, spec), headers);
  },
};
