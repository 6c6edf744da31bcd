import type { ChatRequest, ToolDefinition } from '@switchboard/core';
import {
  filePart,
  imagePart,
  invalidRequest,
  toolInputSchema,
  type AssistantPart,
  type ModelMessage,
  type ToolResultPart,
  type UserPart,
} from '../gateway/chat-request-parts.js';
import type { MessagesContentBlock, MessagesRequest } from './messages-schema.js';

type ImageSource = Extract<MessagesContentBlock, { type: 'image' }>['source'];
type ToolResultBlock = Extract<MessagesContentBlock, { type: 'tool_result' }>;

function sourcePart(source: ImageSource): UserPart {
  return source.type === 'base64'
    ? { type: 'image', image: source.data, mediaType: source.media_type }
    : imagePart(source.url);
}

function documentPart(block: Extract<MessagesContentBlock, { type: 'document' }>): UserPart {
  const { source } = block;
  const filename = block.title ?? undefined;
  switch (source.type) {
    case 'base64':
      return filePart(`data:${source.media_type};base64,${source.data}`, filename);
    case 'text':
      return { type: 'text', text: source.data };
    case 'url':
      return {
        type: 'file',
        data: new URL(source.url),
        mediaType: 'application/pdf',
        ...(filename ? { filename } : {}),
      };
  }
}

function toolResult(block: ToolResultBlock, toolName: string): ToolResultPart {
  const content = block.content ?? '';
  if (typeof content === 'string') {
    return {
      type: 'tool-result',
      toolCallId: block.tool_use_id,
      toolName,
      output: { type: block.is_error ? 'error-text' : 'text', value: content },
    };
  }
  if (block.is_error || content.every((part) => part.type === 'text')) {
    const value = content.map((part) => (part.type === 'text' ? part.text : '')).join('');
    return {
      type: 'tool-result',
      toolCallId: block.tool_use_id,
      toolName,
      output: { type: block.is_error ? 'error-text' : 'text', value },
    };
  }
  const value = content.map((part) =>
    part.type === 'text'
      ? { type: 'text' as const, text: part.text }
      : part.source.type === 'base64'
        ? {
            type: 'file' as const,
            data: { type: 'data' as const, data: part.source.data },
            mediaType: part.source.media_type,
          }
        : {
            type: 'file' as const,
            data: { type: 'url' as const, url: new URL(part.source.url) },
            mediaType: 'image/*',
          },
  );
  return { type: 'tool-result', toolCallId: block.tool_use_id, toolName, output: { type: 'content', value } };
}

type SystemText = string | { text: string }[];

function systemText(content: SystemText): string {
  return typeof content === 'string' ? content : content.map((block) => block.text).join('\n\n');
}

/**
 * The conversation in the neutral shape, with the system prompts that precede it. A system
 * message after the conversation has started becomes a user turn marked as system text: Gemini
 * and the Anthropic SDK path refuse system prompts anywhere but first, and a user turn keeps
 * its place and its words on every route.
 */
function toModelMessages(messages: MessagesRequest['messages']): { leadingSystem: string[]; messages: ModelMessage[] } {
  const toolNames = new Map<string, string>();
  const result: ModelMessage[] = [];
  const leadingSystem: string[] = [];
  messages.forEach((message, index) => {
    if (message.role === 'system') {
      const text = systemText(message.content);
      if (result.length === 0) leadingSystem.push(text);
      else result.push({ role: 'user', content: [{ type: 'text', text: `<system>\n${text}\n</system>` }] });
      return;
    }
    const blocks: MessagesContentBlock[] =
      typeof message.content === 'string' ? [{ type: 'text', text: message.content }] : message.content;
    if (message.role === 'assistant') {
      const parts: AssistantPart[] = [];
      for (const block of blocks) {
        if (block.type === 'text') parts.push({ type: 'text', text: block.text });
        else if (block.type === 'thinking') parts.push({ type: 'reasoning', text: block.thinking });
        else if (block.type === 'tool_use') {
          toolNames.set(block.id, block.name);
          parts.push({ type: 'tool-call', toolCallId: block.id, toolName: block.name, input: block.input ?? {} });
        } else if (block.type !== 'redacted_thinking') {
          throw invalidRequest(`An assistant message cannot hold a ${block.type} block.`, `messages.${index}.content`);
        }
      }
      result.push({ role: 'assistant', content: parts });
      return;
    }
    const results: ToolResultPart[] = [];
    const parts: UserPart[] = [];
    for (const block of blocks) {
      switch (block.type) {
        case 'tool_result': {
          const toolName = toolNames.get(block.tool_use_id);
          if (toolName === undefined) {
            throw invalidRequest(
              `tool_result "${block.tool_use_id}" does not answer a tool_use of an earlier assistant message.`,
              `messages.${index}.content`,
            );
          }
          results.push(toolResult(block, toolName));
          break;
        }
        case 'text':
          parts.push({ type: 'text', text: block.text });
          break;
        case 'image':
          parts.push(sourcePart(block.source));
          break;
        case 'document':
          parts.push(documentPart(block));
          break;
        default:
          throw invalidRequest(`A user message cannot hold a ${block.type} block.`, `messages.${index}.content`);
      }
    }
    if (results.length > 0) result.push({ role: 'tool', content: results });
    if (parts.length > 0) result.push({ role: 'user', content: parts });
  });
  return { leadingSystem, messages: result };
}

function toolsOf(request: MessagesRequest): Record<string, ToolDefinition> | undefined {
  if (!request.tools || request.tools.length === 0) return undefined;
  const tools: Record<string, ToolDefinition> = {};
  for (const tool of request.tools) {
    tools[tool.name] = {
      ...(tool.description === undefined ? {} : { description: tool.description }),
      inputSchema: toolInputSchema(tool.input_schema),
    };
  }
  return tools;
}

function toolChoiceOf(choice: MessagesRequest['tool_choice']): ChatRequest['toolChoice'] {
  switch (choice?.type) {
    case undefined:
      return undefined;
    case 'auto':
      return 'auto';
    case 'any':
      return 'required';
    case 'none':
      return 'none';
    case 'tool':
      return { type: 'tool', toolName: choice.name };
  }
}

/** An Anthropic Messages request as a provider-neutral {@link ChatRequest}. */
export function messagesToChatRequest(request: MessagesRequest, modelId: string, signal: AbortSignal): ChatRequest {
  const conversation = toModelMessages(request.messages);
  const system = [request.system === undefined ? '' : systemText(request.system), ...conversation.leadingSystem]
    .filter((text) => text !== '')
    .join('\n\n');
  const tools = toolsOf(request);
  const toolChoice = toolChoiceOf(request.tool_choice);
  return {
    model: modelId,
    messages: conversation.messages,
    signal,
    maxOutputTokens: request.max_tokens,
    ...(system ? { system } : {}),
    ...(tools ? { tools } : {}),
    ...(toolChoice ? { toolChoice } : {}),
    ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
    ...(request.top_p === undefined ? {} : { topP: request.top_p }),
    ...(request.stop_sequences === undefined ? {} : { stopSequences: request.stop_sequences }),
  };
}
