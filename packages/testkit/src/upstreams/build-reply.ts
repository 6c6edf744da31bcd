import type { FakeReply } from './dialect.js';
import type { FakeUsage, UpstreamProvider } from './types.js';

/** The deterministic default answer: `[anthropic:claude-opus-4-1] you said: hi`. */
export function defaultAnswerText(provider: UpstreamProvider, model: string, lastUserText: string): string {
  return `[${provider}:${model}] you said: ${lastUserText}`;
}

/** Splits text into word-sized deltas whose concatenation is the text. */
export function splitIntoChunks(text: string): string[] {
  const pieces = text.match(/^\s+|\S+\s*/g);
  return pieces && pieces.length > 0 ? pieces : [text];
}

/** Cuts a string into `count` nearly equal consecutive pieces (fewer when it is shorter). */
function splitEvenly(text: string, count: number): string[] {
  const size = Math.max(1, Math.ceil(text.length / count));
  const pieces: string[] = [];
  for (let start = 0; start < text.length; start += size) pieces.push(text.slice(start, start + size));
  return pieces.length > 0 ? pieces : [''];
}

function usageFor(requestBody: unknown, chunkCount: number, override: Partial<FakeUsage> | undefined): FakeUsage {
  const bodySize = requestBody === undefined ? 0 : JSON.stringify(requestBody).length;
  return {
    inputTokens: override?.inputTokens ?? Math.max(1, Math.ceil(bodySize / 4)),
    outputTokens: override?.outputTokens ?? chunkCount,
  };
}

export interface TextReplyInput {
  text: string;
  chunks?: string[];
  usage?: Partial<FakeUsage>;
  requestBody: unknown;
}

export function buildTextReply(input: TextReplyInput): FakeReply {
  const chunks = input.chunks ?? splitIntoChunks(input.text);
  return {
    kind: 'text',
    chunks,
    text: chunks.join(''),
    toolName: '',
    usage: usageFor(input.requestBody, chunks.length, input.usage),
  };
}

export interface ToolCallReplyInput {
  name: string;
  arguments: Record<string, unknown>;
  usage?: Partial<FakeUsage>;
  requestBody: unknown;
}

export function buildToolCallReply(input: ToolCallReplyInput): FakeReply {
  const text = JSON.stringify(input.arguments);
  const chunks = splitEvenly(text, 3);
  return {
    kind: 'tool-call',
    chunks,
    text,
    toolName: input.name,
    usage: usageFor(input.requestBody, chunks.length, input.usage),
  };
}
