import type { streamText } from 'ai';

/** What a consumer of `fullStream` saw: text, error parts, finish reason and usage. */
export interface CollectedStream {
  text: string;
  errors: unknown[];
  finishReason: string | undefined;
  usage: { inputTokens?: number | undefined; outputTokens?: number | undefined } | undefined;
  toolCalls: { toolName: string; input: unknown }[];
  /** True when iterating `fullStream` threw (a transport failure) rather than yielding an error part. */
  threw: boolean;
}

/** Drains `fullStream` (textStream ends silently on errors, so the tests never use it). */
export async function collectFullStream(result: ReturnType<typeof streamText>): Promise<CollectedStream> {
  const collected: CollectedStream = {
    text: '',
    errors: [],
    finishReason: undefined,
    usage: undefined,
    toolCalls: [],
    threw: false,
  };
  try {
    await drain(result, collected);
  } catch (error) {
    collected.errors.push(error);
    collected.threw = true;
  }
  return collected;
}

async function drain(result: ReturnType<typeof streamText>, collected: CollectedStream): Promise<void> {
  for await (const part of result.fullStream) {
    if (part.type === 'text-delta') collected.text += part.text;
    else if (part.type === 'error') collected.errors.push(part.error);
    else if (part.type === 'tool-call') collected.toolCalls.push({ toolName: part.toolName, input: part.input });
    else if (part.type === 'finish') {
      collected.finishReason = part.finishReason;
      collected.usage = part.totalUsage;
    }
  }
}

/** For streams expected to fail: keeps the AI SDK from logging the error it also streams as a part. */
export function ignoreStreamError(): void {}
