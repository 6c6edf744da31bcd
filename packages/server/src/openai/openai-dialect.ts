import type { ErrorCode, SwitchboardError } from '@switchboard/core';
import { retryAfterHeaders, type ApiDialect } from '../gateway/api-dialect.js';
import { GatewayRequestError } from '../gateway/gateway-request-error.js';
import { httpStatusFor } from '../gateway/http-status-for.js';

/** OpenAI's `error.code` for the codes a client may branch on; others are the lower-cased Switchboard code. */
const OPENAI_CODES: Partial<Record<ErrorCode, string>> = {
  RATE_LIMITED: 'rate_limit_exceeded',
  QUOTA_EXCEEDED: 'insufficient_quota',
  UNKNOWN_MODEL: 'model_not_found',
  MODEL_NOT_FOUND: 'model_not_found',
  CONTEXT_LENGTH_EXCEEDED: 'context_length_exceeded',
};

function openaiType(error: SwitchboardError, status: number): string {
  if (error.code === 'RATE_LIMITED') return 'requests';
  if (error.code === 'QUOTA_EXCEEDED') return 'insufficient_quota';
  if (status === 401) return 'authentication_error';
  if (status === 403) return 'permission_error';
  if (status >= 500) return 'server_error';
  return 'invalid_request_error';
}

/** The body of an OpenAI error: `{ error: { message, type, param, code } }`. */
export function openaiErrorBody(error: SwitchboardError, status: number): { error: Record<string, unknown> } {
  const own = error instanceof GatewayRequestError ? error : undefined;
  const code = own?.apiCode ?? OPENAI_CODES[error.code] ?? error.code.toLowerCase();
  return {
    error: {
      message: error.message,
      type: openaiType(error, status),
      param: own?.param ?? (code === 'model_not_found' ? 'model' : null),
      code,
    },
  };
}

/** The OpenAI API's error shape: `/v1/chat/completions`, `/v1/responses`, `/v1/models`, health. */
export const openaiDialect: ApiDialect = {
  name: 'openai',
  errorResponse(error) {
    const status = httpStatusFor(error);
    return { status, body: openaiErrorBody(error, status), headers: retryAfterHeaders(error) };
  },
};
