import type { ChatRequest, ToolDefinition } from '@switchboard/core';
import {
  filePart,
  imagePart,
  invalidRequest,
  parseToolArguments,
  splitSystemPrompt,
  toolInputSchema,
  type AssistantPart,
  type ModelMessage,
  type UserPart,
} from '../gateway/chat-request-parts.js';
import type { NamespacedName } from './responses-result.js';
import type { ResponsesContentPart, ResponsesInputItem, ResponsesRequest } from './responses-schema.js';

/**
 * The flat name a function of a `namespace` tool gets where namespaces do not exist; Codex's
 * MCP namespaces already end in a separator (`mcp__server__`).
 */
export function namespacedToolName(namespace: string, name: string): string {
  return namespace.endsWith('_') ? `${namespace}${name}` : `${namespace}__${name}`;
}

function partsText(content: string | ResponsesContentPart[]): string {
  if (typeof content === 'string') return content;
  return content.map((part) => (part.type === 'refusal' ? part.refusal : 'text' in part ? part.text : '')).join('');
}

function userParts(content: string | ResponsesContentPart[], index: number): string | UserPart[] {
  if (typeof content === 'string') return content;
  return content.map((part): UserPart => {
    switch (part.type) {
      case 'input_text':
      case 'output_text':
        return { type: 'text', text: part.text };
      case 'refusal':
        return { type: 'text', text: part.refusal };
      case 'input_image':
        if (!part.image_url)
          throw invalidRequest(
            'Uploaded file ids are not supported by the Switchboard gateway; send image_url.',
            `input.${index}.content`,
          );
        return imagePart(part.image_url);
      case 'input_file':
        if (!part.file_data)
          throw invalidRequest(
            'Uploaded file ids are not supported by the Switchboard gateway; send file_data.',
            `input.${index}.content`,
          );
        return filePart(part.file_data, part.filename ?? undefined);
    }
  });
}

/** The assistant message that function calls attach to: the previous one, or a new one. */
function openAssistant(messages: ModelMessage[]): AssistantPart[] {
  const previous = messages.at(-1);
  if (previous?.role === 'assistant' && Array.isArray(previous.content)) return previous.content;
  const content: AssistantPart[] = [];
  messages.push({ role: 'assistant', content });
  return content;
}

/** The one argument a custom (freeform) tool becomes where only JSON-argument functions exist. */
export const CUSTOM_INPUT = 'input';

function pushToolCall(
  messages: ModelMessage[],
  toolNames: Map<string, string>,
  toolCallId: string,
  toolName: string,
  input: unknown,
): void {
  toolNames.set(toolCallId, toolName);
  openAssistant(messages).push({ type: 'tool-call', toolCallId, toolName, input });
}

function pushToolResult(
  messages: ModelMessage[],
  toolNames: Map<string, string>,
  toolCallId: string,
  value: string,
  index: number,
): void {
  const toolName = toolNames.get(toolCallId);
  if (toolName === undefined)
    throw invalidRequest(`No tool call with call_id "${toolCallId}" precedes this output.`, `input.${index}.call_id`);
  const part = { type: 'tool-result' as const, toolCallId, toolName, output: { type: 'text' as const, value } };
  const previous = messages.at(-1);
  if (previous?.role === 'tool') previous.content.push(part);
  else messages.push({ role: 'tool', content: [part] });
}

function toModelMessages(input: ResponsesRequest['input']): ModelMessage[] {
  if (typeof input === 'string') return [{ role: 'user', content: input }];
  const toolNames = new Map<string, string>();
  const messages: ModelMessage[] = [];
  input.forEach((item: ResponsesInputItem, index) => {
    if (!('type' in item) || item.type === undefined || item.type === 'message') {
      const message = item as Extract<ResponsesInputItem, { role: string }>;
      if (message.role === 'system' || message.role === 'developer')
        messages.push({ role: 'system', content: partsText(message.content) });
      else if (message.role === 'assistant')
        openAssistant(messages).push({ type: 'text', text: partsText(message.content) });
      else messages.push({ role: 'user', content: userParts(message.content, index) });
      return;
    }
    switch (item.type) {
      case 'function_call': {
        const call = item as Extract<ResponsesInputItem, { type: 'function_call' }>;
        const toolName = call.namespace ? namespacedToolName(call.namespace, call.name) : call.name;
        pushToolCall(messages, toolNames, call.call_id, toolName, parseToolArguments(call.arguments));
        return;
      }
      case 'custom_tool_call': {
        const call = item as Extract<ResponsesInputItem, { type: 'custom_tool_call' }>;
        pushToolCall(messages, toolNames, call.call_id, call.name, { [CUSTOM_INPUT]: call.input });
        return;
      }
      case 'function_call_output':
      case 'custom_tool_call_output': {
        const output = item as Extract<
          ResponsesInputItem,
          { type: 'function_call_output' | 'custom_tool_call_output' }
        >;
        pushToolResult(messages, toolNames, output.call_id, partsText(output.output), index);
        return;
      }
      default:
        // Reasoning only its provider can read, and calls of hosted or custom tools, which no
        // other wire format has.
        return;
    }
  });
  return messages;
}

/** The tools of a translated request, and what translating them changed. */
interface ToolPlan {
  tools: Record<string, ToolDefinition> | undefined;
  namespaced: Map<string, NamespacedName>;
  custom: Set<string>;
  /** Types of the tools left out (hosted tools only OpenAI runs). */
  dropped: string[];
}

function functionDefinition(tool: { description?: string | null | undefined; parameters?: unknown }): ToolDefinition {
  return {
    ...(tool.description ? { description: tool.description } : {}),
    inputSchema: toolInputSchema(tool.parameters as Record<string, unknown> | null | undefined),
  };
}

type CustomTool = Extract<NonNullable<ResponsesRequest['tools']>[number], { type: 'custom'; name: string }>;

/** A custom tool as a function of one string argument; its grammar, if any, goes in the description. */
function customDefinition(tool: CustomTool): ToolDefinition {
  const format = tool.format;
  const grammar =
    format?.type === 'grammar' && format.definition
      ? `\n\nThe input must follow this ${format.syntax ?? ''} grammar:\n${format.definition}`
      : '';
  return {
    description:
      `${tool.description ?? ''}\n\nPut the tool's whole raw input, as text, in "${CUSTOM_INPUT}".${grammar}`.trim(),
    inputSchema: {
      type: 'object',
      properties: { [CUSTOM_INPUT]: { type: 'string' } },
      required: [CUSTOM_INPUT],
      additionalProperties: false,
    },
  };
}

function toolPlan(request: ResponsesRequest): ToolPlan {
  const plan: ToolPlan = { tools: undefined, namespaced: new Map(), custom: new Set(), dropped: [] };
  const tools: Record<string, ToolDefinition> = {};
  for (const tool of request.tools ?? []) {
    if (tool.type === 'function' && 'name' in tool) tools[tool.name] = functionDefinition(tool);
    else if (tool.type === 'namespace' && 'tools' in tool) {
      for (const member of tool.tools) {
        if (member.type !== 'function' || !('name' in member)) {
          plan.dropped.push(member.type);
          continue;
        }
        const flat = namespacedToolName(tool.name, member.name);
        tools[flat] = functionDefinition(member);
        plan.namespaced.set(flat, { namespace: tool.name, name: member.name });
      }
    } else if (tool.type === 'custom' && 'name' in tool) {
      tools[tool.name] = customDefinition(tool as CustomTool);
      plan.custom.add(tool.name);
    } else plan.dropped.push(tool.type);
  }
  if (Object.keys(tools).length > 0) plan.tools = tools;
  return plan;
}

/** A Responses request translated for a route of another wire format. */
export interface ResponsesTranslation {
  request: ChatRequest;
  /** Flat names of `namespace` functions, for the calls that go back to the caller. */
  namespaced: ReadonlyMap<string, NamespacedName>;
  /** Custom (freeform) tools: their calls go back as `custom_tool_call` with plain-text input. */
  custom: ReadonlySet<string>;
  /** Types of the tools left out: hosted tools (`web_search`, …) only OpenAI runs. */
  droppedTools: readonly string[];
}

/**
 * A Responses API request as a provider-neutral {@link ChatRequest}: `namespace` tools become
 * their functions (flat names), custom tools functions of one string argument, and hosted tools
 * are left out and reported.
 */
export function responsesToChatRequest(
  request: ResponsesRequest,
  modelId: string,
  signal: AbortSignal,
): ResponsesTranslation {
  if (request.previous_response_id) {
    throw invalidRequest(
      'The Switchboard gateway keeps no responses: send the whole conversation in input instead of previous_response_id.',
      'previous_response_id',
    );
  }
  const split = splitSystemPrompt(toModelMessages(request.input));
  const system = [request.instructions, split.system]
    .filter((part): part is string => typeof part === 'string' && part !== '')
    .join('\n\n');
  const plan = toolPlan(request);
  const { tools } = plan;
  const choice = request.tool_choice;
  const chat: ChatRequest = {
    model: modelId,
    messages: split.messages,
    signal,
    ...(system === '' ? {} : { system }),
    ...(tools ? { tools } : {}),
    ...(choice
      ? { toolChoice: typeof choice === 'string' ? choice : { type: 'tool' as const, toolName: choice.name } }
      : {}),
    ...(request.max_output_tokens ? { maxOutputTokens: request.max_output_tokens } : {}),
    ...(request.temperature === null || request.temperature === undefined ? {} : { temperature: request.temperature }),
    ...(request.top_p === null || request.top_p === undefined ? {} : { topP: request.top_p }),
  };
  return { request: chat, namespaced: plan.namespaced, custom: plan.custom, droppedTools: plan.dropped };
}
