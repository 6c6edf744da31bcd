import {
  createProviderRegistry,
  createRuntime,
  isProviderId,
  type Catalog,
  type ProviderRegistry,
  type Runtime,
  type SwitchboardConfig,
  type UsageLog,
} from '@switchboard/core';
import type { CredentialStore } from '../credentials/create-credential-store.js';
import { createTeamCredentialSources } from '../credentials/team-credential-sources.js';
import type { PolicyStore } from '../policy/create-policy-store.js';
import { isProviderAllowed } from '../policy/team-policy.js';

/** Options of {@link createTeamRuntime}. */
export interface TeamRuntimeOptions {
  readonly catalog: Catalog;
  /** Without a credential store (no master key), nothing is available. */
  readonly credentials: CredentialStore | undefined;
  readonly policy: PolicyStore;
  /** Provider API bases and routing, as for `sb` (the home's config.toml). */
  readonly config: SwitchboardConfig;
  readonly registry?: ProviderRegistry;
  readonly fetch?: typeof fetch;
  /** Where each member's requests are recorded (`createTeamUsageLog`); none when absent. */
  readonly usageLog?: UsageLog;
}

/**
 * The team's provider runtime: core's, with the team's credential levels (a member's own key
 * over the workspace's) for providers the workspace policy allows, and login advice for members.
 * One runtime serves the `/v1` endpoints and the catalog API, so both say the same.
 */
export function createTeamRuntime(options: TeamRuntimeOptions): Runtime {
  const readAllowed = async () => {
    const policy = await options.policy.get();
    return (provider: string) => isProviderId(provider) && isProviderAllowed(policy, provider);
  };
  return createRuntime({
    catalog: options.catalog,
    registry: options.registry ?? createProviderRegistry(),
    config: options.config,
    credentialSources: options.credentials ? createTeamCredentialSources(options.credentials, readAllowed) : [],
    loginAdvice: 'team',
    ...(options.usageLog ? { usageLog: options.usageLog } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}
