import { isProviderId, SwitchboardError, type Catalog, type CatalogModel, type Runtime } from '@switchboard/core';
import type { PolicyStore } from './create-policy-store.js';
import { isProviderAllowed, type TeamPolicy } from './team-policy.js';

/** The providers of `model` the workspace policy denies (none when the policy admits them all). */
export function deniedProvidersOf(model: CatalogModel, policy: TeamPolicy): string[] {
  return [...new Set(model.routes.map((route) => route.provider))]
    .filter(isProviderId)
    .filter((provider) => !isProviderAllowed(policy, provider));
}

/**
 * Whether the admin's policy is why a member cannot use a model: no route serves it for them and
 * the policy denies one of its providers. The catalog's "denied by the admin" and the chat's
 * refusal both follow this one rule.
 */
export function isDeniedByPolicy(model: CatalogModel, policy: TeamPolicy, routeCount: number): boolean {
  return routeCount === 0 && deniedProvidersOf(model, policy).length > 0;
}

/** What {@link requireAllowedModel} reads. */
export interface AllowedModelOptions {
  readonly catalog: Catalog;
  readonly policy: PolicyStore;
  readonly runtime: Pick<Runtime, 'resolveRoutes'>;
}

/**
 * Refuses (403) a model the workspace policy keeps from this member: every provider of it denied,
 * or the allowed ones without a key for them while a denied one would have served. Said as the
 * admin's decision — not "log in" (401), which would send a signed-in member looking for a key
 * or a new session that can never help. Any other model goes on to the runtime.
 * @throws SwitchboardError `UNKNOWN_MODEL` (404) for a model the catalog does not know.
 */
export async function requireAllowedModel(
  options: AllowedModelOptions,
  modelId: string,
  credentialContext: Parameters<Runtime['resolveRoutes']>[1],
): Promise<void> {
  const model = options.catalog.require(modelId);
  const policy = await options.policy.get();
  const denied = deniedProvidersOf(model, policy);
  if (denied.length === 0) return;
  const providers = [...new Set(model.routes.map((route) => route.provider))].filter(isProviderId);
  if (denied.length === providers.length)
    throw new SwitchboardError(
      'PERMISSION_DENIED',
      `${model.name} is not available in this workspace: an admin denied ${denied.join(', ')}.`,
    );
  const routes = await options.runtime.resolveRoutes(modelId, credentialContext);
  if (isDeniedByPolicy(model, policy, routes.length)) {
    const others = providers.filter((provider) => !denied.includes(provider));
    throw new SwitchboardError(
      'PERMISSION_DENIED',
      `${model.name} is not available to you: an admin denied ${denied.join(', ')}, and no key of yours or the workspace's serves it through ${others.join(' or ')}.`,
    );
  }
}
