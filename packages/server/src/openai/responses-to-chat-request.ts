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
import type { ResponsesContentPart, ResponsesInputItem, ResponsesRequest } from './responses-schema.js';

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
      case 'function_call':
        toolNames.set(item.call_id, item.name);
        openAssistant(messages).push({
          type: 'tool-call',
          toolCallId: item.call_id,
          toolName: item.name,
          input: parseToolArguments(item.arguments),
        });
        return;
      case 'function_call_output': {
        const toolName = toolNames.get(item.call_id);
        if (toolName === undefined)
          throw invalidRequest(
            `No function_call with call_id "${item.call_id}" precedes this output.`,
            `input.${index}.call_id`,
          );
        const part = {
          type: 'tool-result' as const,
          toolCallId: item.call_id,
          toolName,
          output: { type: 'text' as const, value: partsText(item.output) },
        };
        const previous = messages.at(-1);
        if (previous?.role === 'tool') previous.content.push(part);
        else messages.push({ role: 'tool', content: [part] });
        return;
      }
      case 'reasoning':
        return;
    }
  });
  return messages;
}

function toolsOf(request: ResponsesRequest): Record<string, ToolDefinition> | undefined {
  if (!request.tools || request.tools.length === 0) return undefined;
  const tools: Record<string, ToolDefinition> = {};
  for (const tool of request.tools) {
    tools[tool.name] = {
      ...(tool.description ? { description: tool.description } : {}),
      inputSchema: toolInputSchema(tool.parameters),
    };
  }
  return tools;
}

/** A Responses API request as a provider-neutral {@link ChatRequest}. */
export function responsesToChatRequest(request: ResponsesRequest, modelId: string, signal: AbortSignal): ChatRequest {
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
  const tools = toolsOf(request);
  const choice = request.tool_choice;
  return {
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
}
