import type { FinishReason, GenerateResult, Usage } from '@switchboard/core';
import { responseId } from '../gateway/response-ids.js';
import type { ResponsesRequest } from './responses-schema.js';

/** An output item of a response (`message`, `function_call`, `reasoning`). */
export type ResponseOutputItem = Record<string, unknown>;

/** The request fields a response object echoes. */
export type ResponseEcho = Partial<
  Pick<
    ResponsesRequest,
    'instructions' | 'max_output_tokens' | 'temperature' | 'tool_choice' | 'tools' | 'top_p' | 'metadata'
  >
>;

/** A function of a `namespace` tool, as the caller named it. */
export interface NamespacedName {
  namespace: string;
  name: string;
}

/** What a response object echoes of its request and who made it. */
export interface ResponseContext {
  id: string;
  /** The model as the caller named it. */
  model: string;
  /** Epoch seconds. */
  createdAt: number;
  request: ResponseEcho;
  /**
   * Functions of `namespace` tools by the flat name the model saw: their calls go back to the
   * caller with `namespace` and the function's own name.
   */
  namespaced?: ReadonlyMap<string, NamespacedName>;
  /** Custom (freeform) tools by name: their calls go back as `custom_tool_call` items. */
  customTools?: ReadonlySet<string>;
}

/** The text a custom tool's call carries: the `input` argument its function form was given. */
export function customToolInput(argumentsJson: string): string {
  try {
    const parsed = JSON.parse(argumentsJson) as unknown;
    if (typeof parsed === 'object' && parsed !== null && typeof (parsed as { input?: unknown }).input === 'string')
      return (parsed as { input: string }).input;
  } catch {
    // Not JSON: the model wrote the input itself.
  }
  return argumentsJson;
}

/** A `custom_tool_call` output item. */
export function customToolCallItem(
  id: string,
  call: { toolCallId: string; toolName: string; input: string },
  status: 'in_progress' | 'completed',
): ResponseOutputItem {
  return {
    id,
    type: 'custom_tool_call',
    status,
    call_id: call.toolCallId,
    name: call.toolName,
    input: status === 'completed' ? customToolInput(call.input) : '',
  };
}

/** Responses `usage`. */
export function responsesUsage(usage: Usage): Record<string, unknown> {
  return {
    input_tokens: usage.inputTokens,
    input_tokens_details: { cached_tokens: usage.cachedInputTokens ?? 0 },
    output_tokens: usage.outputTokens,
    output_tokens_details: { reasoning_tokens: usage.reasoningTokens ?? 0 },
    total_tokens: usage.totalTokens,
  };
}

/** A `message` output item holding `text`. */
export function messageItem(id: string, text: string, status: 'in_progress' | 'completed'): ResponseOutputItem {
  return {
    id,
    type: 'message',
    status,
    role: 'assistant',
    content: status === 'completed' ? [outputTextPart(text)] : [],
  };
}

/** An `output_text` content part. */
export function outputTextPart(text: string): Record<string, unknown> {
  return { type: 'output_text', text, annotations: [] };
}

/** A `function_call` output item. */
export function functionCallItem(
  id: string,
  call: { toolCallId: string; toolName: string; input: string },
  status: 'in_progress' | 'completed',
  namespaced?: ReadonlyMap<string, NamespacedName>,
): ResponseOutputItem {
  const inNamespace = namespaced?.get(call.toolName);
  return {
    id,
    type: 'function_call',
    status,
    call_id: call.toolCallId,
    ...(inNamespace ? { namespace: inNamespace.namespace, name: inNamespace.name } : { name: call.toolName }),
    arguments: status === 'completed' ? call.input : '',
  };
}

/** A `reasoning` output item with its summary text. */
export function reasoningItem(id: string, text: string | undefined): ResponseOutputItem {
  return { id, type: 'reasoning', summary: text === undefined ? [] : [{ type: 'summary_text', text }] };
}

/** The `response` object in any state. */
export function responseObject(
  context: ResponseContext,
  state: {
    status: 'in_progress' | 'completed' | 'incomplete' | 'failed';
    output: ResponseOutputItem[];
    usage?: Usage;
    finishReason?: FinishReason;
    error?: { code: string; message: string };
  },
): Record<string, unknown> {
  const { request } = context;
  return {
    id: context.id,
    object: 'response',
    created_at: context.createdAt,
    status: state.status,
    error: state.error ?? null,
    incomplete_details: state.status === 'incomplete' ? { reason: 'max_output_tokens' } : null,
    instructions: request.instructions ?? null,
    max_output_tokens: request.max_output_tokens ?? null,
    model: context.model,
    output: state.output,
    parallel_tool_calls: true,
    previous_response_id: null,
    reasoning: { effort: null, summary: null },
    store: false,
    temperature: request.temperature ?? null,
    text: { format: { type: 'text' } },
    tool_choice: request.tool_choice ?? 'auto',
    tools: request.tools ?? [],
    top_p: request.top_p ?? null,
    truncation: 'disabled',
    usage: state.usage ? responsesUsage(state.usage) : null,
    metadata: request.metadata ?? {},
  };
}

/** The status of a finished response: `incomplete` when it stopped at the token limit. */
export function finishedStatus(reason: FinishReason): 'completed' | 'incomplete' {
  return reason === 'length' ? 'incomplete' : 'completed';
}

/** A non-streamed `response` object. */
export function responsesBody(result: GenerateResult, context: ResponseContext): Record<string, unknown> {
  const output: ResponseOutputItem[] = [];
  if (result.reasoning) output.push(reasoningItem(responseId('rs_'), result.reasoning));
  if (result.text !== '' || result.toolCalls.length === 0)
    output.push(messageItem(responseId('msg_'), result.text, 'completed'));
  for (const call of result.toolCalls)
    output.push(
      context.customTools?.has(call.toolName)
        ? customToolCallItem(responseId('ctc_'), call, 'completed')
        : functionCallItem(responseId('fc_'), call, 'completed', context.namespaced),
    );
  return responseObject(context, {
    status: finishedStatus(result.finishReason),
    output,
    usage: result.usage,
    finishReason: result.finishReason,
  });
}
