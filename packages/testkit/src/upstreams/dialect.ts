import { randomBytes } from 'node:crypto';
import type { FakeUsage, UpstreamProvider } from './types.js';

/** One unit written to a streaming response (an SSE event, or a binary event-stream message). */
export type Frame = string | Buffer;

/** The answer a fake gives, before it is rendered in a dialect. */
export interface FakeReply {
  kind: 'text' | 'tool-call';
  /** Text deltas, or the argument JSON of a tool call cut into deltas. */
  chunks: string[];
  /** The chunks joined: the full text, or the full argument JSON. */
  text: string;
  toolName: string;
  usage: FakeUsage;
}

/** What a dialect knows about the exchange it renders. */
export interface ExchangeContext {
  provider: UpstreamProvider;
  model: string;
  requestId: string;
  /** Unix seconds. */
  createdAt: number;
  /** The parsed request body. */
  body: unknown;
}

/** A stream split where behaviours cut in: content deltas sit between prelude and finale. */
export interface StreamScript {
  headers: Record<string, string>;
  prelude: Frame[];
  deltas: Frame[];
  finale: Frame[];
}

/** An HTTP error a behaviour asks for. */
export interface ErrorSpec {
  status: number;
  errorType?: string;
  message?: string;
  retryAfterSeconds?: number;
}

/** A complete non-streaming HTTP answer. */
export interface HttpReply {
  status: number;
  headers: Record<string, string>;
  body: string | Buffer;
}

/** One provider wire format. */
export interface Dialect {
  /** The text of the last user turn of a request (for the default echo answer). */
  lastUserText(body: unknown): string;
  json(reply: FakeReply, context: ExchangeContext): HttpReply;
  stream(reply: FakeReply, context: ExchangeContext): StreamScript;
  /** The provider's in-band error event; `framesWritten` counts frames already sent. */
  inBandError(spec: { errorType?: string; message?: string }, context: ExchangeContext, framesWritten: number): Frame[];
  error(spec: ErrorSpec, context: ExchangeContext): HttpReply;
}

export function sseData(data: unknown): string {
  return `data: ${JSON.stringify(data)}\n\n`;
}

export function sseEvent(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

export function randomId(prefix: string, bytes = 12): string {
  return `${prefix}${randomBytes(bytes).toString('hex')}`;
}

export function jsonReply(status: number, body: unknown, headers: Record<string, string> = {}): HttpReply {
  return {
    status,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  };
}

export function retryAfterHeaders(spec: ErrorSpec): Record<string, string> {
  const seconds = spec.retryAfterSeconds ?? (spec.status === 429 ? 1 : undefined);
  return seconds === undefined ? {} : { 'retry-after': String(seconds) };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Text of a content value that is either a string or an array of `{ type, text }` parts. */
export function textOfContent(content: unknown, textTypes: readonly string[] = ['text']): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .filter((part): part is Record<string, unknown> => isRecord(part) && textTypes.includes(String(part['type'])))
    .map((part) => String(part['text'] ?? ''))
    .join('');
}

/** The last element of `messages` with `role === 'user'` that carries text. */
export function lastUserMessageText(messages: unknown, textOf: (message: Record<string, unknown>) => string): string {
  if (!Array.isArray(messages)) return '';
  for (let index = messages.length - 1; index >= 0; index -= 1) {
    const message: unknown = messages[index];
    if (!isRecord(message) || message['role'] !== 'user') continue;
    const text = textOf(message);
    if (text !== '') return text;
  }
  return '';
}
