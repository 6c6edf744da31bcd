import { SwitchboardError } from '../errors.js';
import type { RouteCall } from './runtime-dependencies.js';

/** How the runtime judges a failed read of a started answer (see `ForwardDependencies.midStreamError`). */
export type MidStreamError = (
  call: RouteCall,
  raw: unknown,
  signal: Pick<AbortSignal, 'aborted' | 'reason'>,
) => SwitchboardError;

/**
 * A forwarded stream's failed read (a cut, an abort, the idle timeout) as the failure its
 * caller is told of: a connection lost mid-body is what an interrupted answer is, whatever the
 * socket said.
 */
export function midStreamFailure(
  midStreamError: MidStreamError,
  call: RouteCall,
  raw: unknown,
  signal: Pick<AbortSignal, 'aborted' | 'reason'>,
): SwitchboardError {
  const error = midStreamError(call, raw, signal);
  if (error.code !== 'NETWORK') return error;
  const { provider } = call.candidate.target;
  return new SwitchboardError('STREAM_INTERRUPTED', `${provider} stopped mid-answer; the text so far is incomplete.`, {
    provider,
    isRetryable: true,
    cause: error,
  });
}
