import type { SwitchboardError } from '@switchboard/core';

/** An error response in one API's own shape. */
export interface ErrorResponse {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

/**
 * One client-facing API (OpenAI or Anthropic) as far as the shared gateway machinery needs to
 * know it: how its errors look on the wire. Every failure of a request in that API, from the
 * token check to a failure mid-stream, is rendered through this one mapping.
 */
export interface ApiDialect {
  readonly name: 'openai' | 'anthropic';
  /** The error response for `error` (status, body, headers such as `retry-after`). */
  errorResponse(error: SwitchboardError, requestId: string): ErrorResponse;
}

/** `retry-after` when the error knows how long to wait. */
export function retryAfterHeaders(error: SwitchboardError): Record<string, string> {
  return error.retryAfterSeconds === undefined
    ? {}
    : { 'retry-after': String(Math.max(0, Math.ceil(error.retryAfterSeconds))) };
}
