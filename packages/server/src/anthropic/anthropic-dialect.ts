import type { SwitchboardError } from '@switchboard/core';
import { retryAfterHeaders, type ApiDialect } from '../gateway/api-dialect.js';
import { httpStatusFor } from '../gateway/http-status-for.js';

/** Anthropic's status for an unavailable provider: 529 `overloaded_error` (what its SDK retries). */
const OVERLOADED_STATUS = 529;

function anthropicType(status: number): string {
  switch (status) {
    case 400:
      return 'invalid_request_error';
    case 401:
      return 'authentication_error';
    case 403:
      return 'permission_error';
    case 404:
      return 'not_found_error';
    case 413:
      return 'request_too_large';
    case 429:
      return 'rate_limit_error';
    case OVERLOADED_STATUS:
      return 'overloaded_error';
    default:
      return status < 500 ? 'invalid_request_error' : 'api_error';
  }
}

/** The status an Anthropic client receives for `error`. */
export function anthropicStatusFor(error: SwitchboardError): number {
  const status = httpStatusFor(error);
  return error.code === 'PROVIDER_UNAVAILABLE' ? OVERLOADED_STATUS : status;
}

/** The body of an Anthropic error: `{ type: 'error', error: { type, message }, request_id }`. */
export function anthropicErrorBody(
  error: SwitchboardError,
  status: number,
  requestId: string,
): Record<string, unknown> {
  return { type: 'error', error: { type: anthropicType(status), message: error.message }, request_id: requestId };
}

/** The Anthropic API's error shape: `/v1/messages` and requests that carry `anthropic-version`. */
export const anthropicDialect: ApiDialect = {
  name: 'anthropic',
  errorResponse(error, requestId) {
    const status = anthropicStatusFor(error);
    return { status, body: anthropicErrorBody(error, status, requestId), headers: retryAfterHeaders(error) };
  },
};
