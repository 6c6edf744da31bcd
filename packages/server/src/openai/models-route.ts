import type { Hono } from 'hono';
import type { CatalogModel, CredentialContext } from '@switchboard/core';
import type { GatewayDependencies } from '../gateway/gateway-dependencies.js';
import type { GatewayEnv } from '../gateway/gateway-types.js';
import { requireModel } from '../gateway/run-model-request.js';

const EPOCH_ISO = '1970-01-01T00:00:00Z';

/** Whether some credential (session, environment key, keyless endpoint) can serve `model` now. */
async function usable(
  dependencies: GatewayDependencies,
  model: CatalogModel,
  context: CredentialContext | undefined,
): Promise<boolean> {
  return (await dependencies.runtime.resolveRoutes(model.id, context)).length > 0;
}

/** An OpenAI model object, with Switchboard's `usable` (a login can serve it now) and its facts. */
function openaiModel(model: CatalogModel, isUsable: boolean): Record<string, unknown> {
  return {
    id: model.id,
    object: 'model',
    created: 0,
    owned_by: model.providerId,
    usable: isUsable,
    name: model.name,
    context_window: model.contextWindow,
    max_output_tokens: model.maxOutputTokens,
    providers: [...new Set(model.routes.map((route) => route.provider))],
  };
}

/** An Anthropic model object (for clients that send `anthropic-version`). */
function anthropicModel(model: CatalogModel, isUsable: boolean): Record<string, unknown> {
  return { type: 'model', id: model.id, display_name: model.name, created_at: EPOCH_ISO, usable: isUsable };
}

/**
 * `GET /v1/models` and `GET /v1/models/:id`: every catalog model, each saying whether it is
 * usable now. In Anthropic's list shape when the request carries `anthropic-version`.
 */
export function registerModelsRoutes(app: Hono<GatewayEnv>, dependencies: GatewayDependencies): void {
  app.get('/v1/models', async (c) => {
    const models = dependencies.catalog.list();
    const usableFlags = await Promise.all(
      models.map((model) => usable(dependencies, model, c.get('state').credentialContext)),
    );
    if (c.get('state').dialect.name === 'anthropic') {
      const data = models.map((model, index) => anthropicModel(model, usableFlags[index] === true));
      return c.json({ data, has_more: false, first_id: models[0]?.id ?? null, last_id: models.at(-1)?.id ?? null });
    }
    return c.json({
      object: 'list',
      data: models.map((model, index) => openaiModel(model, usableFlags[index] === true)),
    });
  });

  app.get('/v1/models/:id{.+}', async (c) => {
    const model = requireModel(dependencies, c.req.param('id'));
    const isUsable = await usable(dependencies, model, c.get('state').credentialContext);
    return c.json(
      c.get('state').dialect.name === 'anthropic' ? anthropicModel(model, isUsable) : openaiModel(model, isUsable),
    );
  });
}
