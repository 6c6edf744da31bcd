import {
  createCatalog,
  createProviderRegistry,
  createRuntime,
  isProviderId,
  type Catalog,
  type ProviderRegistry,
  type SwitchboardConfig,
} from '@switchboard/core';
import { createGatewayApp, type GatewayAppOptions } from '@switchboard/server';
import type { Hono } from 'hono';
import type { CredentialStore } from '../credentials/create-credential-store.js';
import { createTeamCredentialSources } from '../credentials/team-credential-sources.js';
import type { PolicyStore } from '../policy/create-policy-store.js';
import { isProviderAllowed } from '../policy/team-policy.js';
import type { ApiKeyStore } from '../users/create-api-key-store.js';
import { principalOfApiKey } from '../users/api-key-principal.js';
import type { UserStore } from '../users/create-user-store.js';

/** Options of {@link createTeamGateway}. */
export interface TeamGatewayOptions {
  readonly keys: ApiKeyStore;
  readonly users: UserStore;
  readonly credentials: CredentialStore;
  readonly policy: PolicyStore;
  /** Provider API bases and routing, as for `sb` (the home's config.toml). */
  readonly config: SwitchboardConfig;
  readonly logger: GatewayAppOptions['logger'];
  readonly catalog?: Catalog;
  readonly registry?: ProviderRegistry;
  readonly fetch?: typeof fetch;
}

/**
 * The OpenAI- and Anthropic-compatible endpoints of the team server (`/v1/chat/completions`,
 * `/v1/responses`, `/v1/messages`, `/v1/models`): the local gateway's routes, authenticated by
 * members' personal API keys, each request served with that member's own provider key over the
 * workspace's (core's resolver), for providers the workspace policy allows.
 */
export function createTeamGateway(options: TeamGatewayOptions): Hono {
  const catalog = options.catalog ?? createCatalog();
  const isAllowed = async (provider: string) =>
    isProviderId(provider) && isProviderAllowed(await options.policy.get(), provider);
  const runtime = createRuntime({
    catalog,
    registry: options.registry ?? createProviderRegistry(),
    config: options.config,
    credentialSources: createTeamCredentialSources(options.credentials, isAllowed),
    loginAdvice: 'team',
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  return createGatewayApp({
    runtime,
    catalog,
    // No AuthManager sessions here: readiness reports no provider session.
    auth: { status: async () => [] },
    logger: options.logger,
    async authenticate(key) {
      const principal = await principalOfApiKey(key, options);
      return principal ? { credentialContext: { userId: principal.userId } } : undefined;
    },
  }) as unknown as Hono;
}
