import {
  isRecord,
  jsonReply,
  lastUserMessageText,
  randomId,
  sseData,
  textOfContent,
  type Dialect,
  type ExchangeContext,
  type FakeReply,
} from './dialect.js';
import { openaiErrorObject, openaiErrorReply } from './openai-errors.js';

const SYSTEM_FINGERPRINT = 'fp_fake0000';

function usageObject(reply: FakeReply): Record<string, unknown> {
  return {
    prompt_tokens: reply.usage.inputTokens,
    completion_tokens: reply.usage.outputTokens,
    total_tokens: reply.usage.inputTokens + reply.usage.outputTokens,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: 0,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}

function includeUsage(body: unknown): boolean {
  return isRecord(body) && isRecord(body['stream_options']) && body['stream_options']['include_usage'] === true;
}

/** Per-exchange ids shared by every chunk of one completion. */
function completionIds(context: ExchangeContext): { id: string; toolCallId: string } {
  return { id: `chatcmpl-${context.requestId.slice(-24)}`, toolCallId: `call_${context.requestId.slice(-24)}` };
}

/** OpenAI Chat Completions (`POST /v1/chat/completions`), also spoken by Azure OpenAI. */
export const openaiChatDialect: Dialect = {
  lastUserText(body) {
    return isRecord(body) ? lastUserMessageText(body['messages'], (message) => textOfContent(message['content'])) : '';
  },

  json(reply, context) {
    const { id, toolCallId } = completionIds(context);
    const message =
      reply.kind === 'text'
        ? { role: 'assistant', content: reply.text, refusal: null, annotations: [] }
        : {
            role: 'assistant',
            content: null,
            tool_calls: [
              { id: toolCallId, type: 'function', function: { name: reply.toolName, arguments: reply.text } },
            ],
            refusal: null,
            annotations: [],
          };
    return jsonReply(
      200,
      {
        id,
        object: 'chat.completion',
        created: context.createdAt,
        model: context.model,
        choices: [{ index: 0, message, logprobs: null, finish_reason: reply.kind === 'text' ? 'stop' : 'tool_calls' }],
        usage: usageObject(reply),
        service_tier: 'default',
        system_fingerprint: SYSTEM_FINGERPRINT,
      },
      { 'x-request-id': context.requestId, 'openai-processing-ms': '1' },
    );
  },

  stream(reply, context) {
    const { id, toolCallId } = completionIds(context);
    const withUsage = includeUsage(context.body);
    const chunk = (choices: unknown[], extra: Record<string, unknown> = {}): string =>
      sseData({
        id,
        object: 'chat.completion.chunk',
        created: context.createdAt,
        model: context.model,
        service_tier: 'default',
        system_fingerprint: SYSTEM_FINGERPRINT,
        choices,
        ...(withUsage ? { usage: null } : {}),
        ...extra,
      });
    const choice = (delta: Record<string, unknown>, finishReason: string | null = null) => ({
      index: 0,
      delta,
      logprobs: null,
      finish_reason: finishReason,
    });

    const prelude =
      reply.kind === 'text'
        ? [chunk([choice({ role: 'assistant', content: '', refusal: null })])]
        : [
            chunk([
              choice({
                role: 'assistant',
                content: null,
                tool_calls: [
                  { index: 0, id: toolCallId, type: 'function', function: { name: reply.toolName, arguments: '' } },
                ],
                refusal: null,
              }),
            ]),
          ];
    const deltas = reply.chunks.map((piece) =>
      reply.kind === 'text'
        ? chunk([choice({ content: piece })])
        : chunk([choice({ tool_calls: [{ index: 0, function: { arguments: piece } }] })]),
    );
    const finale = [chunk([choice({}, reply.kind === 'text' ? 'stop' : 'tool_calls')])];
    if (withUsage) finale.push(chunk([], { usage: usageObject(reply) }));
    finale.push('data: [DONE]\n\n');
    return {
      headers: { 'content-type': 'text/event-stream; charset=utf-8', 'x-request-id': context.requestId },
      prelude,
      deltas,
      finale,
    };
  },

  inBandError(spec, context) {
    // OpenAI reports a failure after the 200 as a data line holding an error object.
    return [sseData({ error: openaiErrorObject({ status: 500, ...spec }, context.model) })];
  },

  error(spec, context) {
    return openaiErrorReply(spec, context.model, context.requestId);
  },
};
