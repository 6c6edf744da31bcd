import { dataEvent, type StreamEncoder } from '../gateway/stream-encoder.js';
import { chatCompletionUsage, openaiFinishReason, type ResponseIdentity } from './chat-completion-result.js';
import { openaiErrorBody } from './openai-dialect.js';
import { httpStatusFor } from '../gateway/http-status-for.js';

/**
 * `chat.completion.chunk` events: a role chunk, content / reasoning / tool-call deltas, a
 * finish chunk, the usage chunk when `stream_options.include_usage`, then `[DONE]`. A failure
 * after the start ends with a `data: {"error": …}` chunk and no `[DONE]`, which the official
 * SDK raises as an APIError.
 */
export function createChatCompletionStreamEncoder(identity: ResponseIdentity, includeUsage: boolean): StreamEncoder {
  // Every chunk shares this prefix; building it once keeps the per-delta cost to one stringify.
  const prefix = `{"id":${JSON.stringify(identity.id)},"object":"chat.completion.chunk","created":${identity.created},"model":${JSON.stringify(identity.model)},"choices":[{"index":0,"delta":`;
  const usageField = includeUsage ? ',"usage":null' : '';
  let toolCallIndex = 0;
  const chunk = (delta: string, finishReason: string | null = null): string =>
    dataEvent(
      `${prefix}${delta},"logprobs":null,"finish_reason":${finishReason === null ? 'null' : `"${finishReason}"`}}]${usageField}}`,
    );

  return {
    encode(event) {
      switch (event.type) {
        case 'start':
          return chunk('{"role":"assistant","content":""}');
        case 'text-delta':
          return chunk(`{"content":${JSON.stringify(event.text)}}`);
        case 'reasoning-delta':
          return chunk(`{"reasoning_content":${JSON.stringify(event.text)}}`);
        case 'tool-call': {
          const call = {
            index: toolCallIndex,
            id: event.toolCallId,
            type: 'function',
            function: { name: event.toolName, arguments: event.input },
          };
          toolCallIndex += 1;
          return chunk(JSON.stringify({ tool_calls: [call] }));
        }
        case 'finish': {
          let text = chunk('{}', openaiFinishReason(event.finishReason));
          if (includeUsage) {
            const usage = {
              id: identity.id,
              object: 'chat.completion.chunk',
              created: identity.created,
              model: identity.model,
              choices: [],
              usage: chatCompletionUsage(event.usage),
            };
            text += dataEvent(JSON.stringify(usage));
          }
          return `${text}data: [DONE]\n\n`;
        }
      }
    },
    fail(error) {
      return dataEvent(JSON.stringify(openaiErrorBody(error, httpStatusFor(error))));
    },
  };
}
