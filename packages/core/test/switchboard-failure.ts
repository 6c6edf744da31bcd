import { SwitchboardError } from '../src/errors.js';

/**
 * The SwitchboardError `promise` rejects with, for tests that inspect it. Fails the test when
 * the promise resolves, and rethrows any other error so it shows with its own stack.
 */
export async function switchboardFailure(promise: Promise<unknown>): Promise<SwitchboardError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof SwitchboardError) return error;
    throw error;
  }
  throw new Error('expected a SwitchboardError, but the promise resolved');
}
