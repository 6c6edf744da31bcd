import type { CatalogModel } from './model-schema.js';
import { route } from './route.js';

// Sources (read Nov 2026): ai.google.dev model, pricing and deprecation pages; Google Cloud
// "Get started with Gemini 4" and the per-model developer guides. Gemini 4 models share a
// unified 1,048,576-token input+output limit; one request returns at most 65,536 output tokens
// (longer answers continue with a continuation token), so 65,536 is the per-request maximum here.
// Prices are the standard list prices: Argon and Carbon cost $2/$10 until 2026-11-30 and Gemini
// 3.8 Flash $0.75/$3.75 until 2026-12-31 (introductory). Gemini CLI bridge routes are listed for
// the models Gemini CLI offers; whether it already serves Gemini 4 Hydrogen and Argon was not
// confirmed, and Carbon (paid tier only) has none. A Google sign-in reaches every model through
// the Gemini API, billed to the project of the user's own OAuth client.

const GEMINI_LIMITS = { contextWindow: 1_048_576, maxOutputTokens: 65_536 } as const;

/** API key, Google sign-in (own OAuth client, Gemini API), the Gemini CLI bridge and Vertex. */
function signInRoutes(upstreamId: string) {
  return [
    route('google', ['api-key'], upstreamId, 'gemini'),
    route('google', ['oauth'], upstreamId, 'gemini'),
    route('google', ['gemini-cli'], upstreamId, 'gemini-cli'),
    route('vertex', ['service-account', 'adc'], upstreamId, 'vertex-gemini'),
  ];
}

/** Gemini API (API key or own OAuth client) and Vertex; Gemini CLI does not offer these. */
function apiOnlyRoutes(upstreamId: string) {
  return [
    route('google', ['api-key'], upstreamId, 'gemini'),
    route('google', ['oauth'], upstreamId, 'gemini'),
    route('vertex', ['service-account', 'adc'], upstreamId, 'vertex-gemini'),
  ];
}

/** Gemini models, current first. */
export const GOOGLE_MODELS: CatalogModel[] = [
  {
    id: 'gemini-4-carbon',
    providerId: 'google',
    name: 'Gemini 4 Carbon',
    reasoningTier: 'ultra premium',
    supportsTools: true,
    supportsStreaming: true,
    supportsReasoning: true,
    ...GEMINI_LIMITS,
    price: { inputPerMillion: 4, outputPerMillion: 20 },
    routes: apiOnlyRoutes('gemini-4-carbon'),
  },
  {
    id: 'gemini-4-argon',
    providerId: 'google',
    name: 'Gemini 4 Argon',
    reasoningTier: 'premium',
    supportsTools: true,
    supportsStreaming: true,
    supportsReasoning: true,
    ...GEMINI_LIMITS,
    price: { inputPerMillion: 4, outputPerMillion: 20 },
    routes: signInRoutes('gemini-4-argon'),
  },
  {
    id: 'gemini-4-hydrogen',
    providerId: 'google',
    name: 'Gemini 4 Hydrogen',
    reasoningTier: 'standard',
    supportsTools: true,
    supportsStreaming: true,
    supportsReasoning: true,
    ...GEMINI_LIMITS,
    price: { inputPerMillion: 1.5, outputPerMillion: 7.5 },
    isDefault: { doc: true },
    routes: signInRoutes('gemini-4-hydrogen'),
  },
  {
    id: 'gemini-3.8-flash',
    providerId: 'google',
    name: 'Gemini 3.8 Flash',
    reasoningTier: 'fast',
    supportsTools: true,
    supportsStreaming: true,
    supportsReasoning: true,
    ...GEMINI_LIMITS,
    price: { inputPerMillion: 1.5, outputPerMillion: 7.5 },
    routes: signInRoutes('gemini-3.8-flash'),
  },
  {
    id: 'gemini-3.5-flash-lite',
    providerId: 'google',
    name: 'Gemini 3.5 Flash-Lite',
    reasoningTier: 'economy',
    supportsTools: true,
    supportsStreaming: true,
    supportsReasoning: true,
    ...GEMINI_LIMITS,
    price: { inputPerMillion: 0.3, outputPerMillion: 2.5 },
    routes: signInRoutes('gemini-3.5-flash-lite'),
  },
  {
    // Still a preview id upstream; prompts over 200k tokens cost $4 / $18.
    id: 'gemini-3.1-pro',
    providerId: 'google',
    name: 'Gemini 3.1 Pro',
    reasoningTier: 'premium',
    supportsTools: true,
    supportsStreaming: true,
    supportsReasoning: true,
    ...GEMINI_LIMITS,
    price: { inputPerMillion: 2, outputPerMillion: 12 },
    status: 'legacy',
    aliases: ['gemini-3.1-pro-preview'],
    routes: signInRoutes('gemini-3.1-pro-preview'),
  },
  {
    // After shutdown Google routes requests to gemini-3.8-flash, billed at its rates.
    id: 'gemini-2.5-pro',
    providerId: 'google',
    name: 'Gemini 2.5 Pro',
    reasoningTier: 'premium',
    supportsTools: true,
    supportsStreaming: true,
    supportsReasoning: true,
    ...GEMINI_LIMITS,
    price: { inputPerMillion: 1.25, outputPerMillion: 10 },
    status: 'deprecated',
    shutdownDate: '2026-12-01',
    routes: signInRoutes('gemini-2.5-pro'),
  },
  {
    id: 'gemini-2.5-flash',
    providerId: 'google',
    name: 'Gemini 2.5 Flash',
    reasoningTier: 'fast',
    supportsTools: true,
    supportsStreaming: true,
    supportsReasoning: true,
    ...GEMINI_LIMITS,
    price: { inputPerMillion: 0.3, outputPerMillion: 2.5 },
    status: 'deprecated',
    shutdownDate: '2026-12-01',
    routes: signInRoutes('gemini-2.5-flash'),
  },
  {
    id: 'gemini-2.5-flash-lite',
    providerId: 'google',
    name: 'Gemini 2.5 Flash-Lite',
    reasoningTier: 'economy',
    supportsTools: true,
    supportsStreaming: true,
    supportsReasoning: true,
    ...GEMINI_LIMITS,
    price: { inputPerMillion: 0.1, outputPerMillion: 0.4 },
    status: 'legacy',
    routes: signInRoutes('gemini-2.5-flash-lite'),
  },
];
