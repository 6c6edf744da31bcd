import { SwitchboardError } from '@switchboard/core';

/**
 * Anything thrown inside the gateway as a {@link SwitchboardError}. Errors that are not ours
 * (a bug, a library throwing) become `INTERNAL` with a fixed message: their text may carry
 * upstream bodies or secrets and is never shown to a client.
 */
export function toSwitchboardError(error: unknown): SwitchboardError {
  if (error instanceof SwitchboardError) return error;
  return new SwitchboardError('INTERNAL', 'The gateway failed while handling the request.', { cause: error });
}
