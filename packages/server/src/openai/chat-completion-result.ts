import type { FinishReason, GenerateResult, Usage } from '@switchboard/core';

/** OpenAI's `finish_reason` for a Switchboard finish reason. */
export function openaiFinishReason(reason: FinishReason): string {
  switch (reason) {
    case 'length':
      return 'length';
    case 'tool-calls':
      return 'tool_calls';
    case 'content-filter':
      return 'content_filter';
    default:
      return 'stop';
  }
}

/** Chat completions `usage`. */
export function chatCompletionUsage(usage: Usage): Record<string, unknown> {
  return {
    prompt_tokens: usage.inputTokens,
    completion_tokens: usage.outputTokens,
    total_tokens: usage.totalTokens,
    prompt_tokens_details: { cached_tokens: usage.cachedInputTokens ?? 0 },
    completion_tokens_details: { reasoning_tokens: usage.reasoningTokens ?? 0 },
  };
}

/** Identity of one response, shared by its body or its chunks. */
export interface ResponseIdentity {
  id: string;
  /** The model as the caller named it. */
  model: string;
  /** Epoch seconds. */
  created: number;
}

/** A non-streamed `chat.completion` object. */
export function chatCompletionBody(result: GenerateResult, identity: ResponseIdentity): Record<string, unknown> {
  const message: Record<string, unknown> = {
    role: 'assistant',
    content: result.text === '' && result.toolCalls.length > 0 ? null : result.text,
    refusal: null,
  };
  if (result.reasoning) message['reasoning_content'] = result.reasoning;
  if (result.toolCalls.length > 0) {
    message['tool_calls'] = result.toolCalls.map((call) => ({
      id: call.toolCallId,
      type: 'function',
      function: { name: call.toolName, arguments: call.input },
    }));
  }
  return {
    id: identity.id,
    object: 'chat.completion',
    created: identity.created,
    model: identity.model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: openaiFinishReason(result.finishReason) }],
    usage: chatCompletionUsage(result.usage),
  };
}
