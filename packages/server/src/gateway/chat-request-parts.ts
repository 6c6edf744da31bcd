import type { ChatRequest, ToolDefinition } from '@switchboard/core';
import { GatewayRequestError } from './gateway-request-error.js';

/** One message of a {@link ChatRequest} (the AI SDK's ModelMessage), without importing the SDK here. */
export type ModelMessage = ChatRequest['messages'][number];
/** Content parts of a user message. */
export type UserPart = Exclude<Extract<ModelMessage, { role: 'user' }>['content'], string>[number];
/** Content parts of an assistant message. */
export type AssistantPart = Exclude<Extract<ModelMessage, { role: 'assistant' }>['content'], string>[number];
/** A tool result part. */
export type ToolResultPart = Extract<
  Extract<ModelMessage, { role: 'tool' }>['content'][number],
  { type: 'tool-result' }
>;
/** JSON Schema of a tool's arguments. */
export type ToolInputSchema = ToolDefinition['inputSchema'];

const EMPTY_OBJECT_SCHEMA: ToolInputSchema = { type: 'object', properties: {} };

/** A tool's argument schema, or an empty object schema when the caller gave none. */
export function toolInputSchema(schema: Record<string, unknown> | null | undefined): ToolInputSchema {
  // The caller's JSON Schema is forwarded as given; the provider validates it.
  return schema ? (schema as ToolInputSchema) : EMPTY_OBJECT_SCHEMA;
}

/** Tool-call arguments as the SDK wants them: parsed JSON, or the raw text when it is not JSON. */
export function parseToolArguments(text: string): unknown {
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

const DATA_URL = /^data:([^;,]+)?(?:;[^,]*)?;base64,(.*)$/s;

/** An image or file given by URL: a `data:` URL becomes inline base64, an http(s) URL a URL. */
export function imagePart(url: string): UserPart {
  const data = DATA_URL.exec(url);
  if (data) return { type: 'image', image: data[2] ?? '', ...(data[1] ? { mediaType: data[1] } : {}) };
  return { type: 'image', image: parseHttpUrl(url) };
}

/** A file given as a `data:` URL (OpenAI `file_data`). */
export function filePart(dataUrl: string, filename: string | undefined): UserPart {
  const data = DATA_URL.exec(dataUrl);
  if (!data) throw invalidRequest('file.file_data must be a base64 data: URL.');
  return {
    type: 'file',
    data: data[2] ?? '',
    mediaType: data[1] ?? 'application/octet-stream',
    ...(filename ? { filename } : {}),
  };
}

function parseHttpUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalidRequest('An image URL must be an http(s) or base64 data: URL.');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw invalidRequest('An image URL must be an http(s) or base64 data: URL.');
  return parsed;
}

/** A 400 in the caller's API shape. */
export function invalidRequest(message: string, param?: string): GatewayRequestError {
  return new GatewayRequestError('INVALID_REQUEST', message, param === undefined ? {} : { param });
}

/**
 * Joins leading system prompts into `system` and keeps later ones in place, which is what
 * every upstream accepts (Anthropic only takes a system prompt up front).
 */
export function splitSystemPrompt(messages: ModelMessage[]): { system: string | undefined; messages: ModelMessage[] } {
  let leading = 0;
  while (leading < messages.length && messages[leading]?.role === 'system') leading += 1;
  if (leading === 0) return { system: undefined, messages };
  const system = messages
    .slice(0, leading)
    .map((message) => message.content as string)
    .join('\n\n');
  return { system, messages: messages.slice(leading) };
}
