import type { CatalogModel } from '../catalog/model-schema.js';
import type { Environment } from '../config/environment.js';
import type { SwitchboardConfig } from '../config/load-config.js';
import type { AvailableCredential } from './credential-source.js';
import {
  planRoutes,
  routingPolicyOf,
  type CredentialListing,
  type RouteCandidate,
  type RoutingPolicy,
} from './plan-routes.js';

/** {@link planRoutes} for the runtime's requests, remembering the last plan of each model. */
export interface RoutePlanner {
  /** The routing policy `config` sets (the same object for the same configuration). */
  policyOf(config: SwitchboardConfig): RoutingPolicy;
  /**
   * The usable routes of `model`, best first, as `planRoutes` orders them under `policy`. A
   * request with the same model, configuration and policy object and the same credentials
   * available as the one before gets that plan again (the same array: do not change it).
   */
  plan(
    model: CatalogModel,
    config: SwitchboardConfig,
    policy: RoutingPolicy,
    available: readonly CredentialListing[],
  ): readonly RouteCandidate[];
}

interface Planned {
  model: CatalogModel;
  config: SwitchboardConfig;
  policy: RoutingPolicy;
  available: readonly CredentialListing[];
  candidates: readonly RouteCandidate[];
}

/** Plans a route table at most once for as long as nothing it depends on changes. */
export function createRoutePlanner(options: {
  environment: Environment;
  projectDirectory?: string | undefined;
}): RoutePlanner {
  let policy: { config: SwitchboardConfig; value: RoutingPolicy } | undefined;
  const plans = new Map<string, Planned>();
  return {
    policyOf(config) {
      if (policy?.config !== config) policy = { config, value: routingPolicyOf(config, options.projectDirectory) };
      return policy.value;
    },
    plan(model, config, routingPolicy, available) {
      const last = plans.get(model.id);
      if (
        last &&
        last.model === model &&
        last.config === config &&
        last.policy === routingPolicy &&
        sameListings(last.available, available)
      )
        return last.candidates;
      const candidates = planRoutes({ model, available, environment: options.environment, ...routingPolicy });
      plans.set(model.id, { model, config, policy: routingPolicy, available, candidates });
      return candidates;
    },
  };
}

function sameListings(left: readonly CredentialListing[], right: readonly CredentialListing[]): boolean {
  if (left === right) return true;
  if (left.length !== right.length) return false;
  for (let index = 0; index < left.length; index += 1) {
    const a = left[index]!;
    const b = right[index]!;
    if (a.level !== b.level || !sameCredentials(a.available, b.available)) return false;
  }
  return true;
}

function sameCredentials(left: readonly AvailableCredential[], right: readonly AvailableCredential[]): boolean {
  if (left === right) return true;
  if (left.length !== right.length) return false;
  for (let index = 0; index < left.length; index += 1) {
    const a = left[index]!;
    const b = right[index]!;
    if (a.provider !== b.provider || a.method !== b.method || a.session !== b.session || a.active !== b.active)
      return false;
  }
  return true;
}
