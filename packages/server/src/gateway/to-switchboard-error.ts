import { fromSystemError, InvalidJsonBodyError, SwitchboardError } from '@switchboard/core';
import { invalidJson } from './read-json-body.js';

/**
 * Anything thrown inside the gateway as a {@link SwitchboardError}. A full disk or a read-only
 * or unwritable home (a refresh that cannot store its new token) keeps its own code and line,
 * so the caller sees what the person must fix. Other errors that are not ours (a bug, a
 * library throwing) become `INTERNAL` with a fixed message: their text may carry upstream
 * bodies or secrets and is never shown to a client.
 */
export function toSwitchboardError(error: unknown): SwitchboardError {
  // A body a later step had to read (a route that rewrites it) and could not: the same answer as
  // a body the gateway itself found not to be JSON.
  if (error instanceof InvalidJsonBodyError) return invalidJson();
  if (error instanceof SwitchboardError) return error;
  return (
    fromSystemError(error) ??
    new SwitchboardError('INTERNAL', 'The gateway failed while handling the request.', { cause: error })
  );
}
