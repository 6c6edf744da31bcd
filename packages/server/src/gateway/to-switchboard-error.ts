import { fromSystemError, InvalidJsonBodyError, SwitchboardError } from '@switchboard/core';
import { GatewayRequestError } from './gateway-request-error.js';

/**
 * Anything thrown inside the gateway as a {@link SwitchboardError}. A full disk or a read-only
 * or unwritable home (a refresh that cannot store its new token) keeps its own code and line,
 * so the caller sees what the person must fix. Other errors that are not ours (a bug, a
 * library throwing) become `INTERNAL` with a fixed message: their text may carry upstream
 * bodies or secrets and is never shown to a client.
 */
export function toSwitchboardError(error: unknown): SwitchboardError {
  // A body that is not JSON, whichever step read it (the body's first read, or a route that
  // rewrites it): one answer, OpenAI's code `invalid_json`.
  if (error instanceof InvalidJsonBodyError)
    return new GatewayRequestError('INVALID_REQUEST', error.message, { apiCode: 'invalid_json' });
  if (error instanceof SwitchboardError) return error;
  return (
    fromSystemError(error) ??
    new SwitchboardError('INTERNAL', 'The gateway failed while handling the request.', { cause: error })
  );
}
