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
  type ToolResultPart,
  type UserPart,
} from '../gateway/chat-request-parts.js';
import type { ChatCompletionsMessage, ChatCompletionsRequest } from './chat-completions-schema.js';

type TextContent = string | { type: 'text'; text: string }[];

function joinText(content: TextContent): string {
  return typeof content === 'string' ? content : content.map((part) => part.text).join('');
}

function userContent(content: Extract<ChatCompletionsMessage, { role: 'user' }>['content']): string | UserPart[] {
  if (typeof content === 'string') return content;
  return content.map((part): UserPart => {
    switch (part.type) {
      case 'text':
        return { type: 'text', text: part.text };
      case 'image_url':
        return imagePart(part.image_url.url);
      case 'file':
        if (part.file.file_data === undefined)
          throw invalidRequest('Uploaded file ids are not supported by the Switchboard gateway; send file_data.');
        return filePart(part.file.file_data, part.file.filename);
    }
  });
}

function assistantMessage(message: Extract<ChatCompletionsMessage, { role: 'assistant' }>): ModelMessage {
  const parts: AssistantPart[] = [];
  if (message.reasoning_content) parts.push({ type: 'reasoning', text: message.reasoning_content });
  const { content } = message;
  if (typeof content === 'string') {
    if (content !== '') parts.push({ type: 'text', text: content });
  } else if (content) {
    for (const part of content) parts.push({ type: 'text', text: part.type === 'text' ? part.text : part.refusal });
  }
  for (const call of message.tool_calls ?? []) {
    parts.push({
      type: 'tool-call',
      toolCallId: call.id,
      toolName: call.function.name,
      input: parseToolArguments(call.function.arguments),
    });
  }
  return { role: 'assistant', content: parts };
}

/** Converts OpenAI chat messages, pairing each `tool` message with the call it answers. */
function toModelMessages(messages: ChatCompletionsMessage[]): ModelMessage[] {
  const toolNames = new Map<string, string>();
  const result: ModelMessage[] = [];
  for (const message of messages) {
    switch (message.role) {
      case 'system':
      case 'developer':
        result.push({ role: 'system', content: joinText(message.content) });
        break;
      case 'user':
        result.push({ role: 'user', content: userContent(message.content) });
        break;
      case 'assistant':
        for (const call of message.tool_calls ?? []) toolNames.set(call.id, call.function.name);
        result.push(assistantMessage(message));
        break;
      case 'tool': {
        const toolName = toolNames.get(message.tool_call_id);
        if (toolName === undefined) {
          throw invalidRequest(
            `The tool message for tool_call_id "${message.tool_call_id}" does not answer a tool call of an earlier assistant message.`,
          );
        }
        const part: ToolResultPart = {
          type: 'tool-result',
          toolCallId: message.tool_call_id,
          toolName,
          output: { type: 'text', value: joinText(message.content) },
        };
        const previous = result.at(-1);
        // Results of one turn's parallel calls travel together (Anthropic wants them in one message).
        if (previous?.role === 'tool') previous.content.push(part);
        else result.push({ role: 'tool', content: [part] });
        break;
      }
    }
  }
  return result;
}

function toolsOf(request: ChatCompletionsRequest): Record<string, ToolDefinition> | undefined {
  if (!request.tools || request.tools.length === 0) return undefined;
  const tools: Record<string, ToolDefinition> = {};
  for (const { function: definition } of request.tools) {
    tools[definition.name] = {
      ...(definition.description === undefined ? {} : { description: definition.description }),
      inputSchema: toolInputSchema(definition.parameters),
    };
  }
  return tools;
}

function toolChoiceOf(choice: ChatCompletionsRequest['tool_choice']): ChatRequest['toolChoice'] {
  if (choice === null || choice === undefined) return undefined;
  if (typeof choice === 'string') return choice;
  return { type: 'tool', toolName: choice.function.name };
}

/** An OpenAI chat completions request as a provider-neutral {@link ChatRequest}. */
export function chatCompletionsToChatRequest(
  request: ChatCompletionsRequest,
  modelId: string,
  signal: AbortSignal,
): ChatRequest {
  const { system, messages } = splitSystemPrompt(toModelMessages(request.messages));
  const tools = toolsOf(request);
  const toolChoice = toolChoiceOf(request.tool_choice);
  const maxOutputTokens = request.max_completion_tokens ?? request.max_tokens;
  const stop = request.stop;
  return {
    model: modelId,
    messages,
    signal,
    ...(system === undefined ? {} : { system }),
    ...(tools ? { tools } : {}),
    ...(toolChoice ? { toolChoice } : {}),
    ...(maxOutputTokens === null || maxOutputTokens === undefined ? {} : { maxOutputTokens }),
    ...(request.temperature === null || request.temperature === undefined ? {} : { temperature: request.temperature }),
    ...(request.top_p === null || request.top_p === undefined ? {} : { topP: request.top_p }),
    ...(stop === null || stop === undefined ? {} : { stopSequences: typeof stop === 'string' ? [stop] : stop }),
  };
}
