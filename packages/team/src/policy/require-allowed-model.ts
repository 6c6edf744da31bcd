import { isProviderId, SwitchboardError, type Catalog } from '@switchboard/core';
import type { PolicyStore } from './create-policy-store.js';
import { isProviderAllowed } from './team-policy.js';

/**
 * Refuses a model every provider of which the workspace policy denies (403): the admin's
 * decision, said as such — not "log in", which would send a member looking for a key that can
 * never help. A model some allowed provider could serve goes on to the runtime.
 * @throws SwitchboardError `UNKNOWN_MODEL` (404) for a model the catalog does not know.
 */
export async function requireAllowedModel(catalog: Catalog, policy: PolicyStore, modelId: string): Promise<void> {
  const model = catalog.require(modelId);
  const providers = [...new Set(model.routes.map((route) => route.provider))].filter(isProviderId);
  const current = await policy.get();
  if (providers.length > 0 && providers.every((provider) => !isProviderAllowed(current, provider)))
    throw new SwitchboardError(
      'PERMISSION_DENIED',
      `${model.name} is not available in this workspace: an admin denied ${providers.join(', ')}.`,
    );
}
