import { SwitchboardError } from '@switchboard/core';

/**
 * The request's JSON body.
 * @throws SwitchboardError `INVALID_REQUEST` (400) when it is not JSON.
 */
export async function readJsonBody(request: Request): Promise<unknown> {
  try {
    return await request.json();
  } catch {
    throw new SwitchboardError('INVALID_REQUEST', 'The request body must be JSON.', { status: 400 });
  }
}
