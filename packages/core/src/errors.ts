/**
 * The one error model of Switchboard. Every failure that leaves core is a
 * {@link SwitchboardError} with a stable {@link ErrorCode}; each edge (CLI, server)
 * maps it once to an exit code or an HTTP status.
 */

/** Stable error codes. Never rename one: scripts and tests match on them. */
export const ERROR_CODES = [
  'LOGIN_REQUIRED',
  'SESSION_EXPIRED',
  'AUTH_FAILED',
  'PERMISSION_DENIED',
  'PROVIDER_UNAVAILABLE',
  'RATE_LIMITED',
  'QUOTA_EXCEEDED',
  'BUDGET_EXCEEDED',
  'NETWORK',
  'TIMEOUT',
  'CANCELLED',
  'INVALID_CONFIG',
  'INVALID_INPUT',
  'INVALID_REQUEST',
  'UNKNOWN_PROVIDER',
  'UNKNOWN_MODEL',
  'UNSUPPORTED_METHOD',
  'MODEL_NOT_FOUND',
  'CONTEXT_LENGTH_EXCEEDED',
  'STORE_CORRUPT',
  'STORE_LOCKED',
  'STORE_UNAVAILABLE',
  'OAUTH_STATE_MISMATCH',
  'OAUTH_FAILED',
  'STREAM_INTERRUPTED',
  'UPSTREAM_ERROR',
  'DISK_FULL',
  'READ_ONLY_FILESYSTEM',
  'FILE_ACCESS_DENIED',
  'PORT_IN_USE',
  'INTERNAL',
] as const;

/** A stable machine-readable error code. */
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Options for constructing a {@link SwitchboardError}. */
export interface SwitchboardErrorOptions {
  /** Whether retrying the same request may succeed. Defaults per code. */
  isRetryable?: boolean;
  /** HTTP status the upstream provider answered with, when there was one. */
  status?: number;
  /** The upstream provider's request id, when it sent one. */
  requestId?: string;
  /** The provider the failure concerns. */
  provider?: string;
  /** A command or action that fixes it, e.g. `sb auth login claude`. */
  hint?: string;
  /** Seconds the caller should wait before retrying (from Retry-After). */
  retryAfterSeconds?: number;
  /** The underlying error. Never rendered to users; may hold upstream detail. */
  cause?: unknown;
}

const RETRYABLE_BY_DEFAULT: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'PROVIDER_UNAVAILABLE',
  'RATE_LIMITED',
  'NETWORK',
  'TIMEOUT',
  'STORE_LOCKED',
]);

/**
 * The single error type of Switchboard: a stable `code`, a message a person can act on,
 * whether a retry may help, and the provider's status and request id where known.
 */
export class SwitchboardError extends Error {
  readonly code: ErrorCode;
  readonly isRetryable: boolean;
  readonly status: number | undefined;
  readonly requestId: string | undefined;
  readonly provider: string | undefined;
  readonly hint: string | undefined;
  readonly retryAfterSeconds: number | undefined;

  constructor(code: ErrorCode, message: string, options: SwitchboardErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SwitchboardError';
    this.code = code;
    this.isRetryable = options.isRetryable ?? RETRYABLE_BY_DEFAULT.has(code);
    this.status = options.status;
    this.requestId = options.requestId;
    this.provider = options.provider;
    this.hint = options.hint;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }

  /** A JSON-safe view (no cause: causes may carry upstream bodies). */
  toJSON(): Record<string, unknown> {
    return {
      code: this.code,
      message: this.message,
      isRetryable: this.isRetryable,
      ...(this.status === undefined ? {} : { status: this.status }),
      ...(this.requestId === undefined ? {} : { requestId: this.requestId }),
      ...(this.provider === undefined ? {} : { provider: this.provider }),
      ...(this.hint === undefined ? {} : { hint: this.hint }),
      ...(this.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: this.retryAfterSeconds }),
    };
  }
}

/** True when `error` is a {@link SwitchboardError}, optionally with the given code. */
export function isSwitchboardError(error: unknown, code?: ErrorCode): error is SwitchboardError {
  return error instanceof SwitchboardError && (code === undefined || error.code === code);
}

/** CLI exit codes (DESIGN §3): 0 ok · 1 failure · 2 usage · 3 login required / session expired. */
export const EXIT_CODES = { ok: 0, failure: 1, usage: 2, loginRequired: 3 } as const;

/** Maps an error to the CLI exit code contract. */
export function exitCodeFor(error: unknown): number {
  if (!(error instanceof SwitchboardError)) return EXIT_CODES.failure;
  switch (error.code) {
    case 'LOGIN_REQUIRED':
    case 'SESSION_EXPIRED':
      return EXIT_CODES.loginRequired;
    case 'INVALID_INPUT':
    case 'UNKNOWN_PROVIDER':
    case 'UNKNOWN_MODEL':
    case 'UNSUPPORTED_METHOD':
      return EXIT_CODES.usage;
    default:
      return EXIT_CODES.failure;
  }
}
