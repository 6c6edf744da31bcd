import type { Catalog, Runtime } from '@switchboard/core';
import { createGatewayApp, type GatewayAppOptions } from '@switchboard/server';
import type { Hono } from 'hono';
import type { ApiKeyStore } from '../users/create-api-key-store.js';
import { principalOfApiKey } from '../users/api-key-principal.js';
import type { UserStore } from '../users/create-user-store.js';
import { credentialContextFor } from '../policy/credential-context-for.js';
import type { PolicyStore } from '../policy/create-policy-store.js';

/** Options of {@link createTeamGateway}. */
export interface TeamGatewayOptions {
  readonly keys: ApiKeyStore;
  readonly users: UserStore;
  /** The team runtime (`createTeamRuntime`): a member's own key over the workspace's, policy applied. */
  readonly runtime: Runtime;
  readonly catalog: Catalog;
  readonly logger: GatewayAppOptions['logger'];
  /** Whether members may name a request's credential (`x-switchboard-credential`). */
  readonly policy: PolicyStore;
}

/** The header naming a request's credential: `workspace` or `personal` (when the admin allows it). */
export const CREDENTIAL_HEADER = 'x-switchboard-credential';

/**
 * The OpenAI- and Anthropic-compatible endpoints of the team server (`/v1/chat/completions`,
 * `/v1/responses`, `/v1/messages`, `/v1/models`): the local gateway's routes, authenticated by
 * members' personal API keys, each request served with that member's credential context.
 */
export function createTeamGateway(options: TeamGatewayOptions): Hono {
  return createGatewayApp({
    runtime: options.runtime,
    catalog: options.catalog,
    // No AuthManager sessions here: readiness reports no provider session.
    auth: { status: async () => [] },
    logger: options.logger,
    async authenticate(key, request) {
      const principal = await principalOfApiKey(key, options);
      if (!principal) return undefined;
      const named = request.headers.get(CREDENTIAL_HEADER) ?? undefined;
      return { credentialContext: await credentialContextFor(options.policy, principal.userId, named) };
    },
  }) as unknown as Hono;
}
