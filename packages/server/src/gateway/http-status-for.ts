import type { ErrorCode, SwitchboardError } from '@switchboard/core';

/**
 * The HTTP status the gateway answers a {@link SwitchboardError} with, shared by both API
 * dialects (each dialect only renders the body; Anthropic turns 503 into 529 `overloaded`).
 *
 * Provider logins that are missing or expired are 401: the caller's gateway token was fine
 * (that is checked first and fails with `invalid_api_key`), but the request cannot be
 * authenticated upstream until the person runs the login command named in the message.
 */
const STATUS_BY_CODE: Record<ErrorCode, number> = {
  LOGIN_REQUIRED: 401,
  SESSION_EXPIRED: 401,
  AUTH_FAILED: 401,
  PERMISSION_DENIED: 403,
  PROVIDER_UNAVAILABLE: 503,
  RATE_LIMITED: 429,
  QUOTA_EXCEEDED: 429,
  BUDGET_EXCEEDED: 429,
  NETWORK: 502,
  TIMEOUT: 504,
  // The client went away: nothing is sent, the status only appears in the access log.
  CANCELLED: 499,
  INVALID_CONFIG: 500,
  INVALID_INPUT: 400,
  INVALID_REQUEST: 400,
  UNKNOWN_PROVIDER: 404,
  UNKNOWN_MODEL: 404,
  UNSUPPORTED_METHOD: 400,
  MODEL_NOT_FOUND: 404,
  CONTEXT_LENGTH_EXCEEDED: 400,
  STORE_CORRUPT: 500,
  STORE_LOCKED: 503,
  STORE_UNAVAILABLE: 503,
  OAUTH_STATE_MISMATCH: 401,
  OAUTH_FAILED: 401,
  STREAM_INTERRUPTED: 502,
  UPSTREAM_ERROR: 502,
  // The gateway's own machine failed it (its home cannot be written): not the caller's fault.
  DISK_FULL: 507,
  READ_ONLY_FILESYSTEM: 500,
  FILE_ACCESS_DENIED: 500,
  PORT_IN_USE: 500,
  INTERNAL: 500,
};

/**
 * Client-error statuses an `INVALID_REQUEST` keeps from its origin (404 no such route, 409 a
 * change that conflicts with the current state, 413 body too large, 422, 426 a WebSocket attempt
 * on an HTTP-only endpoint).
 */
const KEPT_REQUEST_STATUSES = new Set([400, 404, 405, 409, 413, 415, 422, 426]);

/** The HTTP status for `error`. */
export function httpStatusFor(error: SwitchboardError): number {
  if (
    (error.code === 'INVALID_REQUEST' || error.code === 'INVALID_INPUT') &&
    error.status !== undefined &&
    KEPT_REQUEST_STATUSES.has(error.status)
  ) {
    return error.status;
  }
  return STATUS_BY_CODE[error.code];
}
