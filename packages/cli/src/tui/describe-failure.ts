import { fromSystemError, isSwitchboardError, SwitchboardError, type ErrorCode } from '@switchboard/core';

/** Any thrown value as a {@link SwitchboardError} (unexpected ones become `INTERNAL`). */
export function asSwitchboardError(error: unknown): SwitchboardError {
  if (isSwitchboardError(error)) return error;
  if (error instanceof Error && error.name === 'AbortError')
    return new SwitchboardError('CANCELLED', 'Cancelled.', { isRetryable: false, cause: error });
  // A full disk, a read-only home, a busy port: said as the CLI says them, not as a bug.
  const system = fromSystemError(error);
  if (system) return system;
  return new SwitchboardError('INTERNAL', error instanceof Error ? error.message : String(error), { cause: error });
}

const SHORT_REASONS: Partial<Record<ErrorCode, string>> = {
  NETWORK: 'network error',
  TIMEOUT: 'timed out',
  CANCELLED: 'cancelled',
};

/** The reason after "Failed to switch to Claude: " — short for transport failures, else the error's own message. */
export function describeReason(error: SwitchboardError): string {
  return SHORT_REASONS[error.code] ?? error.message;
}

/** Failures of a provider (not of the request): another logged-in model may well answer. */
export function isProviderFailure(error: SwitchboardError): boolean {
  if (error.code === 'CANCELLED' || error.code === 'LOGIN_REQUIRED' || error.code === 'SESSION_EXPIRED') return false;
  return (
    error.isRetryable ||
    [
      'AUTH_FAILED',
      'PERMISSION_DENIED',
      'QUOTA_EXCEEDED',
      'BUDGET_EXCEEDED',
      'MODEL_NOT_FOUND',
      'UPSTREAM_ERROR',
    ].includes(error.code)
  );
}
