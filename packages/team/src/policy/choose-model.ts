import { SwitchboardError } from '@switchboard/core';
import type { PolicyStore } from './create-policy-store.js';
import type { ModelContext } from './team-policy.js';

/**
 * The model for a request in `context` (`chat`, `structured`, …): the policy's default for that
 * context when the admin fixed it (asking for another is 403), else the one asked for, else the
 * default. One decision for every route that runs a model.
 */
export async function chooseModel(policy: PolicyStore, context: ModelContext, asked: unknown): Promise<string> {
  const fixed = (await policy.get()).defaults[context];
  if (asked !== undefined && typeof asked !== 'string')
    throw new SwitchboardError('INVALID_REQUEST', 'model must be a catalog model id.', { status: 400 });
  if (fixed && !fixed.userMayChange) {
    if (asked !== undefined && asked !== fixed.model)
      throw new SwitchboardError(
        'PERMISSION_DENIED',
        `The workspace's ${context} model is ${fixed.model}; an admin decides it.`,
      );
    return fixed.model;
  }
  const model = asked ?? fixed?.model;
  if (model === undefined)
    throw new SwitchboardError('INVALID_REQUEST', `model is required (the workspace sets no ${context} default).`, {
      status: 400,
    });
  return model;
}
