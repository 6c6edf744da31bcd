import type { CatalogModel } from './model-schema.js';
import { route } from './route.js';

// Sources (read Nov 2026): docs.mistral.ai model overview (API names, 128k/256k contexts) and
// pricing as republished by API gateways (Vercel AI Gateway, Mastra, LiteLLM). Mistral Medium
// 3.5 (April 2026) folded Magistral and Devstral into one model; its pinned API name was not
// confirmed, so it is reached as `mistral-medium-latest`. Mistral's API bounds prompt plus
// output by the context window and publishes no separate output cap, so maxOutputTokens equals
// the context window here. Magistral prices and limits are the 1.2 (2509) releases'.

function mistralRoutes(upstreamId: string) {
  return [route('mistral', ['api-key'], upstreamId, 'mistral-chat')];
}

/** Mistral models, current first. */
export const MISTRAL_MODELS: CatalogModel[] = [
  {
    id: 'mistral-medium-3.5',
    providerId: 'mistral',
    name: 'Mistral Medium 3.5',
    reasoningTier: 'premium',
    supportsTools: true,
    supportsStreaming: true,
    supportsReasoning: true,
    contextWindow: 262_144,
    maxOutputTokens: 262_144,
    price: { inputPerMillion: 1.5, outputPerMillion: 7.5 },
    aliases: ['mistral-medium-latest'],
    routes: mistralRoutes('mistral-medium-latest'),
  },
  {
    id: 'mistral-large-3',
    providerId: 'mistral',
    name: 'Mistral Large 3',
    reasoningTier: 'premium',
    supportsTools: true,
    supportsStreaming: true,
    supportsReasoning: false,
    contextWindow: 262_144,
    maxOutputTokens: 262_144,
    price: { inputPerMillion: 0.5, outputPerMillion: 1.5 },
    aliases: ['mistral-large-2512', 'mistral-large-latest'],
    routes: mistralRoutes('mistral-large-2512'),
  },
  {
    id: 'mistral-small-3.2',
    providerId: 'mistral',
    name: 'Mistral Small 3.2',
    reasoningTier: 'fast',
    supportsTools: true,
    supportsStreaming: true,
    supportsReasoning: false,
    contextWindow: 131_072,
    maxOutputTokens: 131_072,
    price: { inputPerMillion: 0.1, outputPerMillion: 0.3 },
    aliases: ['mistral-small-2506'],
    routes: mistralRoutes('mistral-small-2506'),
  },
  {
    id: 'codestral',
    providerId: 'mistral',
    name: 'Codestral',
    reasoningTier: 'fast',
    supportsTools: true,
    supportsStreaming: true,
    supportsReasoning: false,
    contextWindow: 256_000,
    maxOutputTokens: 256_000,
    price: { inputPerMillion: 0.3, outputPerMillion: 0.9 },
    aliases: ['codestral-latest'],
    routes: mistralRoutes('codestral-latest'),
  },
  {
    id: 'magistral-medium',
    providerId: 'mistral',
    name: 'Magistral Medium 1.2',
    reasoningTier: 'premium',
    supportsTools: true,
    supportsStreaming: true,
    supportsReasoning: true,
    contextWindow: 131_072,
    maxOutputTokens: 131_072,
    price: { inputPerMillion: 2, outputPerMillion: 5 },
    status: 'legacy',
    aliases: ['magistral-medium-2509', 'magistral-medium-latest'],
    routes: mistralRoutes('magistral-medium-2509'),
  },
  {
    id: 'magistral-small',
    providerId: 'mistral',
    name: 'Magistral Small 1.2',
    reasoningTier: 'standard',
    supportsTools: true,
    supportsStreaming: true,
    supportsReasoning: true,
    contextWindow: 131_072,
    maxOutputTokens: 131_072,
    price: { inputPerMillion: 0.5, outputPerMillion: 1.5 },
    status: 'legacy',
    aliases: ['magistral-small-2509', 'magistral-small-latest'],
    routes: mistralRoutes('magistral-small-2509'),
  },
];
