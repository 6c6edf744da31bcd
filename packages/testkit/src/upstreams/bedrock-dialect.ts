import {
  isRecord,
  jsonReply,
  lastUserMessageText,
  retryAfterHeaders,
  type Dialect,
  type ExchangeContext,
  type FakeReply,
} from './dialect.js';
import { encodeEventStreamMessage } from './encode-event-stream-message.js';

/** Exception name and message Bedrock answers with for each status. */
function exceptionFor(status: number, model: string): { name: string; message: string } {
  switch (status) {
    case 400:
      return { name: 'ValidationException', message: 'The provided request is not valid' };
    case 403:
      return {
        name: 'AccessDeniedException',
        message: "You don't have access to the model with the specified model ID.",
      };
    case 404:
      return { name: 'ResourceNotFoundException', message: `Model ${model} not found.` };
    case 408:
      return { name: 'ModelTimeoutException', message: 'Model has timed out in processing the request.' };
    case 424:
      return { name: 'ModelErrorException', message: 'The model returned an error.' };
    case 429:
      return { name: 'ThrottlingException', message: 'Too many requests, please wait before trying again.' };
    case 503:
      return { name: 'ServiceUnavailableException', message: 'Bedrock is unable to process your request.' };
    default:
      return { name: 'InternalServerException', message: 'The server encountered an internal error.' };
  }
}

function usageObject(reply: FakeReply): Record<string, unknown> {
  return {
    inputTokens: reply.usage.inputTokens,
    outputTokens: reply.usage.outputTokens,
    totalTokens: reply.usage.inputTokens + reply.usage.outputTokens,
  };
}

function toolUseId(context: ExchangeContext): string {
  return `tooluse_${context.requestId.slice(-22)}`;
}

function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

// Bedrock pads every event payload with a random-length `p` field against traffic analysis.
function event(eventType: string, payload: Record<string, unknown>): Buffer {
  return encodeEventStreamMessage(
    { ':event-type': eventType, ':content-type': 'application/json', ':message-type': 'event' },
    JSON.stringify({ ...payload, p: 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJ'.slice(0, 4 + (eventType.length % 20)) }),
  );
}

/** Bedrock Converse (`/model/{id}/converse`) and ConverseStream (AWS event-stream framing). */
export const bedrockDialect: Dialect = {
  lastUserText(body) {
    return isRecord(body)
      ? lastUserMessageText(body['messages'], (message) => {
          const content = message['content'];
          if (!Array.isArray(content)) return '';
          return content
            .map((block) => (isRecord(block) && typeof block['text'] === 'string' ? block['text'] : ''))
            .join('');
        })
      : '';
  },

  json(reply, context) {
    const content =
      reply.kind === 'text'
        ? [{ text: reply.text }]
        : [
            {
              toolUse: {
                toolUseId: toolUseId(context),
                name: reply.toolName,
                input: JSON.parse(reply.text) as unknown,
              },
            },
          ];
    return jsonReply(
      200,
      {
        output: { message: { role: 'assistant', content } },
        stopReason: reply.kind === 'text' ? 'end_turn' : 'tool_use',
        usage: usageObject(reply),
        metrics: { latencyMs: 1 },
      },
      { 'x-amzn-requestid': context.requestId },
    );
  },

  stream(reply, context) {
    const prelude = [event('messageStart', { role: 'assistant' })];
    if (reply.kind === 'tool-call') {
      prelude.push(
        event('contentBlockStart', {
          contentBlockIndex: 0,
          start: { toolUse: { toolUseId: toolUseId(context), name: reply.toolName } },
        }),
      );
    }
    const deltas = reply.chunks.map((piece) =>
      event('contentBlockDelta', {
        contentBlockIndex: 0,
        delta: reply.kind === 'text' ? { text: piece } : { toolUse: { input: piece } },
      }),
    );
    const finale = [
      event('contentBlockStop', { contentBlockIndex: 0 }),
      event('messageStop', { stopReason: reply.kind === 'text' ? 'end_turn' : 'tool_use' }),
      event('metadata', { usage: usageObject(reply), metrics: { latencyMs: 1 } }),
    ];
    return {
      headers: { 'content-type': 'application/vnd.amazon.eventstream', 'x-amzn-requestid': context.requestId },
      prelude,
      deltas,
      finale,
    };
  },

  inBandError(spec, context) {
    const name = spec.errorType ?? 'modelStreamErrorException';
    const known = [400, 403, 404, 408, 424, 429, 503, 500]
      .map((status) => exceptionFor(status, context.model))
      .find((candidate) => candidate.name.toLowerCase() === name.toLowerCase());
    const exception = known ?? { name, message: 'The model stream was interrupted.' };
    return [
      encodeEventStreamMessage(
        { ':exception-type': lowerFirst(name), ':content-type': 'application/json', ':message-type': 'exception' },
        JSON.stringify({ message: spec.message ?? exception.message }),
      ),
    ];
  },

  error(spec, context) {
    const exception = exceptionFor(spec.status, context.model);
    const name = spec.errorType ?? exception.name;
    return jsonReply(
      spec.status,
      { message: spec.message ?? exception.message },
      {
        'x-amzn-requestid': context.requestId,
        'x-amzn-errortype': `${name}:http://internal.amazon.com/coral/com.amazon.bedrock/`,
        ...retryAfterHeaders(spec),
      },
    );
  },
};
