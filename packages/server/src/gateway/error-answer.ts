import type { Logger } from 'pino';
import type { ErrorResponse } from './api-dialect.js';
import { GatewayRequestError } from './gateway-request-error.js';
import type { GatewayRequestState } from './gateway-types.js';
import { toSwitchboardError } from './to-switchboard-error.js';

/**
 * The one mapping of a failure to the caller's error response (both ways in use it): the
 * error as a SwitchboardError, noted on the request for its access log, an unexpected one
 * logged by name only, rendered in the request's API shape with its HTTP status.
 */
export function errorAnswer(state: GatewayRequestState, thrown: unknown, logger: Logger): ErrorResponse {
  const error = toSwitchboardError(thrown);
  state.errorCode = error.code;
  if (error instanceof GatewayRequestError && error.param !== undefined) state.errorField = error.param;
  if (error.code === 'INTERNAL')
    logger.error(
      { reqId: state.id, errorName: thrown instanceof Error ? thrown.name : typeof thrown },
      'unexpected gateway failure',
    );
  return state.dialect.errorResponse(error, state.id);
}
