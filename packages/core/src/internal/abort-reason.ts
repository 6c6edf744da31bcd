import { SwitchboardError } from '../errors.js';

/** How an abort ended a call: a deadline (`timeout`) or somebody stopping it (`cancel`). */
export type AbortKind = 'timeout' | 'cancel';

/**
 * Classifies an abort by its reason — the one rule every layer uses: a `TimeoutError` (what
 * `AbortSignal.timeout` and {@link timeoutReason} give) or a `TIMEOUT` SwitchboardError is a
 * timeout; anything else (`AbortError`, a consumer leaving) is a cancellation.
 */
export function abortKindOfReason(reason: unknown): AbortKind {
  if (reason instanceof SwitchboardError) return reason.code === 'TIMEOUT' ? 'timeout' : 'cancel';
  const name = typeof reason === 'object' && reason !== null ? (reason as { name?: unknown }).name : undefined;
  return name === 'TimeoutError' ? 'timeout' : 'cancel';
}

/** The abort reason Switchboard's own deadlines use, which {@link abortKindOfReason} calls a timeout. */
export function timeoutReason(message: string): DOMException {
  return new DOMException(message, 'TimeoutError');
}
