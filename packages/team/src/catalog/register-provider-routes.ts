import { PROVIDER_IDS, resolveConfig, type Catalog, type ProviderId, type Runtime } from '@switchboard/core';
import type { Hono } from 'hono';
import type { TeamAppEnv } from '../app/principal.js';
import { requirePrincipal } from '../app/require-principal.js';
import type { CredentialStore } from '../credentials/create-credential-store.js';
import { teamSecretMethodsOf } from '../credentials/team-secret.js';
import type { PolicyStore } from '../policy/create-policy-store.js';
import { isProviderAllowed } from '../policy/team-policy.js';

/** How a provider stands for the member asking. */
export type ProviderStatus = 'ready' | 'needs-key' | 'denied-by-admin' | 'provider-down';

/**
 * `GET /api/providers` (any signed-in member): the provider registry as this member sees it —
 * each provider's name, the credential methods the team can keep for it, which levels hold one
 * for this member (`user`: their own, `workspace`), its status (`denied-by-admin`, `needs-key`,
 * `provider-down` when every route of it is paused after failures, else `ready`), and what its
 * models can do. Reads no secret and calls no provider.
 */
export function registerProviderRoutes(
  app: Hono<TeamAppEnv>,
  options: {
    catalog: Catalog;
    runtime: Pick<Runtime, 'circuits'>;
    policy: PolicyStore;
    credentials: CredentialStore | undefined;
  },
): void {
  const profiles = resolveConfig({}).providers;
  app.get('/api/providers', async (context) => {
    const member = requirePrincipal(context);
    const [policy, own, workspace] = await Promise.all([
      options.policy.get(),
      options.credentials?.list({ scope: 'user', userId: member.userId }) ?? [],
      options.credentials?.list({ scope: 'workspace' }) ?? [],
    ]);
    const circuits = options.runtime.circuits();
    const models = options.catalog.list();
    const providers = PROVIDER_IDS.map((id: ProviderId) => {
      const served = models.filter((model) => model.routes.some((route) => route.provider === id));
      const levels = [
        ...(own.some((entry) => entry.provider === id) ? ['user'] : []),
        ...(workspace.some((entry) => entry.provider === id) ? ['workspace'] : []),
      ];
      const routes = circuits.filter((circuit) => circuit.route.provider === id);
      const down = routes.length > 0 && routes.every((circuit) => circuit.state === 'open');
      const status: ProviderStatus = !isProviderAllowed(policy, id)
        ? 'denied-by-admin'
        : levels.length === 0
          ? 'needs-key'
          : down
            ? 'provider-down'
            : 'ready';
      return {
        id,
        name: profiles[id].name,
        methods: teamSecretMethodsOf(id),
        levels,
        status,
        models: served.length,
        capabilities: {
          tools: served.some((model) => model.supportsTools),
          streaming: served.some((model) => model.supportsStreaming),
          reasoning: served.some((model) => model.supportsReasoning ?? false),
        },
      };
    });
    return context.json({ providers });
  });
}
