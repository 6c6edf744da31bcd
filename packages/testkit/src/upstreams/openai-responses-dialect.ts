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
  type HttpReply,
} from './dialect.js';
import { openaiErrorObject, openaiErrorReply } from './openai-errors.js';

function ids(context: ExchangeContext): { response: string; message: string; call: string; item: string } {
  const suffix = context.requestId.slice(-24);
  return { response: `resp_${suffix}`, message: `msg_${suffix}`, call: `call_${suffix}`, item: `fc_${suffix}` };
}

function usageObject(reply: FakeReply): Record<string, unknown> {
  return {
    input_tokens: reply.usage.inputTokens,
    input_tokens_details: { cached_tokens: 0 },
    output_tokens: reply.usage.outputTokens,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: reply.usage.inputTokens + reply.usage.outputTokens,
  };
}

function outputItem(reply: FakeReply, context: ExchangeContext, done: boolean): Record<string, unknown> {
  const id = ids(context);
  if (reply.kind === 'tool-call') {
    return {
      id: id.item,
      type: 'function_call',
      status: done ? 'completed' : 'in_progress',
      arguments: done ? reply.text : '',
      call_id: id.call,
      name: reply.toolName,
    };
  }
  return {
    id: id.message,
    type: 'message',
    status: done ? 'completed' : 'in_progress',
    content: done ? [textPart(reply.text)] : [],
    role: 'assistant',
  };
}

function textPart(text: string): Record<string, unknown> {
  return { type: 'output_text', annotations: [], logprobs: [], text };
}

/** A Response object in a given state. */
function responseObject(
  context: ExchangeContext,
  status: 'in_progress' | 'completed' | 'failed',
  output: unknown[],
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  const request = isRecord(context.body) ? context.body : {};
  return {
    id: ids(context).response,
    object: 'response',
    created_at: context.createdAt,
    status,
    background: false,
    error: null,
    incomplete_details: null,
    instructions: typeof request['instructions'] === 'string' ? request['instructions'] : null,
    max_output_tokens: null,
    model: context.model,
    output,
    parallel_tool_calls: true,
    previous_response_id: null,
    reasoning: { effort: null, summary: null },
    service_tier: 'default',
    store: request['store'] !== false,
    temperature: 1,
    text: { format: { type: 'text' }, verbosity: 'medium' },
    tool_choice: 'auto',
    tools: Array.isArray(request['tools']) ? request['tools'] : [],
    top_p: 1,
    truncation: 'disabled',
    usage: null,
    user: null,
    metadata: {},
    ...extra,
  };
}

/** The text of the last user input item (input may be a plain string). */
function lastInputText(body: unknown): string {
  if (!isRecord(body)) return '';
  const input = body['input'];
  if (typeof input === 'string') return input;
  return lastUserMessageText(input, (item) => textOfContent(item['content'], ['input_text', 'text']));
}

/**
 * Codex backend errors differ from the public API's: a 429 says the plan's usage limit was hit,
 * with when it resets. openai/codex `codex-rs/core/src/api_bridge.rs` (`UsageErrorBody`) reads
 * `type: "usage_limit_reached"`, `plan_type` and `resets_at` (Unix seconds); older Codex clients
 * read `resets_in_seconds`, so the fake sends both.
 */
function codexErrorReply(spec: Parameters<Dialect['error']>[0], context: ExchangeContext): HttpReply | undefined {
  if (context.provider !== 'codex' || spec.status !== 429) return undefined;
  const seconds = spec.retryAfterSeconds ?? 1;
  return jsonReply(
    429,
    {
      error: {
        type: spec.errorType ?? 'usage_limit_reached',
        message: spec.message ?? 'The usage limit has been reached',
        plan_type: 'plus',
        resets_at: Math.floor(Date.now() / 1000) + seconds,
        resets_in_seconds: seconds,
      },
    },
    { 'x-request-id': context.requestId, ...retryAfterHeaders({ ...spec, retryAfterSeconds: seconds }) },
  );
}

/** OpenAI Responses (`POST /v1/responses`), also the Codex backend's and Azure's. */
export const openaiResponsesDialect: Dialect = {
  lastUserText: lastInputText,

  json(reply, context) {
    const body = responseObject(context, 'completed', [outputItem(reply, context, true)], {
      usage: usageObject(reply),
    });
    return jsonReply(200, body, { 'x-request-id': context.requestId, 'openai-processing-ms': '1' });
  },

  stream(reply, context) {
    let sequence = 0;
    const event = (type: string, data: Record<string, unknown>): string =>
      sseEvent(type, { type, sequence_number: sequence++, ...data });
    const id = ids(context);
    const itemId = reply.kind === 'text' ? id.message : id.item;
    const prelude = [
      event('response.created', { response: responseObject(context, 'in_progress', []) }),
      event('response.in_progress', { response: responseObject(context, 'in_progress', []) }),
      event('response.output_item.added', { output_index: 0, item: outputItem(reply, context, false) }),
    ];
    if (reply.kind === 'text') {
      prelude.push(
        event('response.content_part.added', {
          item_id: itemId,
          output_index: 0,
          content_index: 0,
          part: textPart(''),
        }),
      );
    }
    const deltas = reply.chunks.map((delta) =>
      reply.kind === 'text'
        ? event('response.output_text.delta', {
            item_id: itemId,
            output_index: 0,
            content_index: 0,
            delta,
            logprobs: [],
          })
        : event('response.function_call_arguments.delta', { item_id: itemId, output_index: 0, delta }),
    );
    const finale =
      reply.kind === 'text'
        ? [
            event('response.output_text.done', {
              item_id: itemId,
              output_index: 0,
              content_index: 0,
              text: reply.text,
              logprobs: [],
            }),
            event('response.content_part.done', {
              item_id: itemId,
              output_index: 0,
              content_index: 0,
              part: textPart(reply.text),
            }),
          ]
        : [event('response.function_call_arguments.done', { item_id: itemId, output_index: 0, arguments: reply.text })];
    const done = outputItem(reply, context, true);
    finale.push(
      event('response.output_item.done', { output_index: 0, item: done }),
      event('response.completed', {
        response: responseObject(context, 'completed', [done], { usage: usageObject(reply) }),
      }),
    );
    return {
      headers: { 'content-type': 'text/event-stream; charset=utf-8', 'x-request-id': context.requestId },
      prelude,
      deltas,
      finale,
    };
  },

  inBandError(spec, context, framesWritten) {
    const error = openaiErrorObject({ status: 500, ...spec }, context.model);
    return [
      sseEvent('response.failed', {
        type: 'response.failed',
        sequence_number: framesWritten,
        response: responseObject(context, 'failed', [], { error: { code: error['type'], message: error['message'] } }),
      }),
    ];
  },

  error(spec, context) {
    return codexErrorReply(spec, context) ?? openaiErrorReply(spec, context.model, context.requestId);
  },
};
