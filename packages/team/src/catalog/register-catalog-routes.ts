import { type Catalog, type CatalogModel, type Runtime } from '@switchboard/core';
import type { Hono } from 'hono';
import type { TeamAppEnv } from '../app/principal.js';
import { requirePrincipal } from '../app/require-principal.js';
import type { PolicyStore } from '../policy/create-policy-store.js';
import { isDeniedByPolicy } from '../policy/require-allowed-model.js';
import type { TeamPolicy } from '../policy/team-policy.js';

/** Why a model is not available to the member asking. */
export type UnavailableReason = 'needs-key' | 'denied-by-admin' | 'provider-down';

/** What the catalog route needs. */
export interface CatalogRoutesOptions {
  readonly catalog: Catalog;
  readonly runtime: Pick<Runtime, 'resolveRoutes' | 'circuits'>;
  readonly policy: PolicyStore;
}

function providersOf(model: CatalogModel): string[] {
  return [...new Set(model.routes.map((route) => route.provider))];
}

/**
 * `GET /api/catalog` (any signed-in member): every model with whether it is available to this
 * member now and, when not, why — `denied-by-admin` (no route serves it and the policy denies one of its providers),
 * `needs-key` (no key of the member's or the workspace's serves it), `provider-down` (every
 * route that could serve it is paused after failures) — with its capabilities, tier, price and
 * the workspace's default model per context. Reads no secret and calls no provider, so a slow
 * provider never delays it.
 */
export function registerCatalogRoutes(app: Hono<TeamAppEnv>, options: CatalogRoutesOptions): void {
  app.get('/api/catalog', async (context) => {
    const member = requirePrincipal(context);
    const policy = await options.policy.get();
    const open = options.runtime
      .circuits()
      .filter((circuit) => circuit.state === 'open')
      .map((circuit) => `${circuit.route.provider}/${circuit.route.method}/${circuit.route.transport}`);
    const models = await Promise.all(
      options.catalog.list().map(async (model) => {
        const routes = await options.runtime.resolveRoutes(model.id, { userId: member.userId });
        const reason = unavailableReason(model, policy, routes, open);
        return {
          id: model.id,
          name: model.name,
          provider: model.providerId,
          tier: model.reasoningTier,
          contextWindow: model.contextWindow,
          maxOutputTokens: model.maxOutputTokens,
          price: model.price,
          capabilities: {
            tools: model.supportsTools,
            streaming: model.supportsStreaming,
            reasoning: model.supportsReasoning ?? false,
          },
          providers: providersOf(model),
          available: reason === null,
          reason,
        };
      }),
    );
    return context.json({ models, defaults: policy.defaults });
  });
}

function unavailableReason(
  model: CatalogModel,
  policy: TeamPolicy,
  routes: readonly { target: { provider: string; method: string; transport: string } }[],
  openCircuits: readonly string[],
): UnavailableReason | null {
  if (routes.length === 0) return isDeniedByPolicy(model, policy, 0) ? 'denied-by-admin' : 'needs-key';
  const down = routes.every(({ target }) =>
    openCircuits.includes(`${target.provider}/${target.method}/${target.transport}`),
  );
  return down ? 'provider-down' : null;
}
