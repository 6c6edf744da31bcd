import type { CatalogModel } from './model-schema.js';
import { route } from './route.js';

// Sources (read Nov 2026): platform.claude.com models overview and per-model pages (ids, context,
// max output, prices, release and legacy status); Claude on Vertex AI / Amazon Bedrock pages and
// AWS `list-foundation-models` output for partner ids. Claude 5.x partner ids drop the date
// suffix (`anthropic.claude-opus-5-5`, Vertex `claude-opus-5-5`); the Bedrock and Vertex ids of
// Fable 5.1, Sonnet 5.5 and Haiku 5.5 follow that published pattern but were not confirmed.
// Bedrock ids are base model ids: accounts that need an inference profile (`us.`, `eu.`,
// `global.`) override them in config.toml.

/** Every Claude route but the partner ones: API key, the user's `claude` CLI, an org's OAuth client. */
function anthropicRoutes(upstreamId: string) {
  return [
    route('anthropic', ['api-key'], upstreamId, 'anthropic-messages'),
    route('anthropic', ['claude-code'], upstreamId, 'claude-code-cli'),
    route('anthropic', ['oauth'], upstreamId, 'anthropic-messages'),
  ];
}

/** Claude models, current first. */
export const ANTHROPIC_MODELS: CatalogModel[] = [
  {
    id: 'claude-fable-5-1',
    providerId: 'anthropic',
    name: 'Claude Fable 5.1',
    reasoningTier: 'ultra premium',
    supportsTools: true,
    supportsStreaming: true,
    supportsReasoning: true,
    contextWindow: 1_000_000,
    maxOutputTokens: 128_000,
    price: { inputPerMillion: 10, outputPerMillion: 50 },
    aliases: ['fable'],
    routes: [
      ...anthropicRoutes('claude-fable-5-1'),
      route('vertex', ['service-account', 'adc'], 'claude-fable-5-1', 'vertex-anthropic'),
      route('bedrock', ['aws', 'api-key'], 'anthropic.claude-fable-5-1', 'bedrock-converse'),
    ],
  },
  {
    id: 'claude-opus-5-5',
    providerId: 'anthropic',
    name: 'Claude Opus 5.5',
    reasoningTier: 'premium',
    supportsTools: true,
    supportsStreaming: true,
    supportsReasoning: true,
    contextWindow: 1_000_000,
    maxOutputTokens: 128_000,
    price: { inputPerMillion: 4, outputPerMillion: 20 },
    aliases: ['opus'],
    routes: [
      ...anthropicRoutes('claude-opus-5-5'),
      route('vertex', ['service-account', 'adc'], 'claude-opus-5-5', 'vertex-anthropic'),
      route('bedrock', ['aws', 'api-key'], 'anthropic.claude-opus-5-5', 'bedrock-converse'),
    ],
  },
  {
    id: 'claude-sonnet-5-5',
    providerId: 'anthropic',
    name: 'Claude Sonnet 5.5',
    reasoningTier: 'standard',
    supportsTools: true,
    supportsStreaming: true,
    supportsReasoning: true,
    contextWindow: 1_000_000,
    maxOutputTokens: 128_000,
    price: { inputPerMillion: 2, outputPerMillion: 10 },
    isDefault: { chat: true },
    aliases: ['sonnet'],
    routes: [
      ...anthropicRoutes('claude-sonnet-5-5'),
      route('vertex', ['service-account', 'adc'], 'claude-sonnet-5-5', 'vertex-anthropic'),
      route('bedrock', ['aws', 'api-key'], 'anthropic.claude-sonnet-5-5', 'bedrock-converse'),
    ],
  },
  {
    id: 'claude-haiku-5-5',
    providerId: 'anthropic',
    name: 'Claude Haiku 5.5',
    reasoningTier: 'fast',
    supportsTools: true,
    supportsStreaming: true,
    supportsReasoning: true,
    contextWindow: 1_000_000,
    maxOutputTokens: 128_000,
    // Prompts up to 100k tokens; longer prompts cost $0.50 / $2.50.
    price: { inputPerMillion: 0.1, outputPerMillion: 0.5 },
    aliases: ['haiku'],
    routes: [
      ...anthropicRoutes('claude-haiku-5-5'),
      route('vertex', ['service-account', 'adc'], 'claude-haiku-5-5', 'vertex-anthropic'),
      route('bedrock', ['aws', 'api-key'], 'anthropic.claude-haiku-5-5', 'bedrock-converse'),
    ],
  },
  {
    id: 'claude-opus-5',
    providerId: 'anthropic',
    name: 'Claude Opus 5',
    reasoningTier: 'premium',
    supportsTools: true,
    supportsStreaming: true,
    supportsReasoning: true,
    contextWindow: 1_000_000,
    maxOutputTokens: 128_000,
    price: { inputPerMillion: 5, outputPerMillion: 25 },
    status: 'legacy',
    routes: [
      ...anthropicRoutes('claude-opus-5'),
      route('vertex', ['service-account', 'adc'], 'claude-opus-5', 'vertex-anthropic'),
      route('bedrock', ['aws', 'api-key'], 'anthropic.claude-opus-5', 'bedrock-converse'),
    ],
  },
  {
    id: 'claude-sonnet-5',
    providerId: 'anthropic',
    name: 'Claude Sonnet 5',
    reasoningTier: 'standard',
    supportsTools: true,
    supportsStreaming: true,
    supportsReasoning: true,
    contextWindow: 1_000_000,
    maxOutputTokens: 128_000,
    price: { inputPerMillion: 2, outputPerMillion: 10 },
    status: 'legacy',
    routes: [
      ...anthropicRoutes('claude-sonnet-5'),
      route('vertex', ['service-account', 'adc'], 'claude-sonnet-5', 'vertex-anthropic'),
      route('bedrock', ['aws', 'api-key'], 'anthropic.claude-sonnet-5', 'bedrock-converse'),
    ],
  },
  {
    // DESIGN.md's examples and the CLI tests use this id and its display line.
    id: 'claude-opus-4-1',
    providerId: 'anthropic',
    name: 'Claude Opus 4.1',
    reasoningTier: 'ultra premium',
    supportsTools: true,
    supportsStreaming: true,
    supportsReasoning: true,
    contextWindow: 200_000,
    maxOutputTokens: 32_000,
    price: { inputPerMillion: 15, outputPerMillion: 75 },
    status: 'legacy',
    aliases: ['claude-opus-4-1-20250805', 'claude-opus-4.1', 'opus-4.1'],
    routes: [
      ...anthropicRoutes('claude-opus-4-1-20250805'),
      route('vertex', ['service-account', 'adc'], 'claude-opus-4-1@20250805', 'vertex-anthropic'),
      route('bedrock', ['aws', 'api-key'], 'anthropic.claude-opus-4-1-20250805-v1:0', 'bedrock-converse'),
    ],
  },
  {
    id: 'claude-sonnet-4-5',
    providerId: 'anthropic',
    name: 'Claude Sonnet 4.5',
    reasoningTier: 'standard',
    supportsTools: true,
    supportsStreaming: true,
    supportsReasoning: true,
    // 1M with the context-1m beta header; 200k without it.
    contextWindow: 200_000,
    maxOutputTokens: 64_000,
    price: { inputPerMillion: 3, outputPerMillion: 15 },
    status: 'legacy',
    aliases: ['claude-sonnet-4-5-20250929', 'claude-sonnet-4.5'],
    routes: [
      ...anthropicRoutes('claude-sonnet-4-5-20250929'),
      route('vertex', ['service-account', 'adc'], 'claude-sonnet-4-5@20250929', 'vertex-anthropic'),
      route('bedrock', ['aws', 'api-key'], 'anthropic.claude-sonnet-4-5-20250929-v1:0', 'bedrock-converse'),
    ],
  },
  {
    id: 'claude-haiku-4-5',
    providerId: 'anthropic',
    name: 'Claude Haiku 4.5',
    reasoningTier: 'fast',
    supportsTools: true,
    supportsStreaming: true,
    supportsReasoning: true,
    contextWindow: 200_000,
    maxOutputTokens: 64_000,
    price: { inputPerMillion: 1, outputPerMillion: 5 },
    status: 'legacy',
    aliases: ['claude-haiku-4-5-20251001', 'claude-haiku-4.5'],
    routes: [
      ...anthropicRoutes('claude-haiku-4-5-20251001'),
      route('vertex', ['service-account', 'adc'], 'claude-haiku-4-5@20251001', 'vertex-anthropic'),
      route('bedrock', ['aws', 'api-key'], 'anthropic.claude-haiku-4-5-20251001-v1:0', 'bedrock-converse'),
    ],
  },
];
