import type { FinishReason, GenerateResult, Usage } from '@switchboard/core';
import { parseToolArguments } from '../gateway/chat-request-parts.js';

/** Anthropic's `stop_reason` for a Switchboard finish reason. */
export function anthropicStopReason(reason: FinishReason): string {
  switch (reason) {
    case 'length':
      return 'max_tokens';
    case 'tool-calls':
      return 'tool_use';
    case 'content-filter':
      return 'refusal';
    default:
      return 'end_turn';
  }
}

/** Anthropic `usage`. */
export function anthropicUsage(usage: Usage): Record<string, number> {
  return {
    input_tokens: usage.inputTokens,
    output_tokens: usage.outputTokens,
    ...(usage.cachedInputTokens === undefined ? {} : { cache_read_input_tokens: usage.cachedInputTokens }),
  };
}

/** A tool call's arguments as the object Anthropic's `tool_use.input` must be. */
export function toolUseInput(input: string): Record<string, unknown> {
  const parsed = parseToolArguments(input);
  return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
    ? (parsed as Record<string, unknown>)
    : {};
}

/** A non-streamed `message` object. */
export function messagesBody(result: GenerateResult, identity: { id: string; model: string }): Record<string, unknown> {
  const content: Record<string, unknown>[] = [];
  if (result.reasoning) content.push({ type: 'thinking', thinking: result.reasoning, signature: '' });
  if (result.text !== '') content.push({ type: 'text', text: result.text });
  for (const call of result.toolCalls)
    content.push({ type: 'tool_use', id: call.toolCallId, name: call.toolName, input: toolUseInput(call.input) });
  return {
    id: identity.id,
    type: 'message',
    role: 'assistant',
    model: identity.model,
    content,
    stop_reason: anthropicStopReason(result.finishReason),
    stop_sequence: null,
    usage: anthropicUsage(result.usage),
  };
}
