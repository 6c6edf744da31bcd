import type { StreamEvent, SwitchboardError } from '@switchboard/core';

/**
 * Turns the runtime's provider-neutral stream into one API's server-sent events. Each call
 * returns ready-to-write SSE text ('' when an event has no counterpart in that API).
 */
export interface StreamEncoder {
  encode(event: Exclude<StreamEvent, { type: 'error' }>): string;
  /**
   * The explicit end of a stream that failed after it started: an error event in the API's
   * own shape, never the API's clean ending (`[DONE]`, `message_stop`, `response.completed`).
   */
  fail(error: SwitchboardError): string;
}

/** One SSE frame with an `event:` line (Anthropic and the Responses API name every event). */
export function namedEvent(name: string, data: string): string {
  return `event: ${name}\ndata: ${data}\n\n`;
}

/** One SSE frame with only data (OpenAI chat completions). */
export function dataEvent(data: string): string {
  return `data: ${data}\n\n`;
}
