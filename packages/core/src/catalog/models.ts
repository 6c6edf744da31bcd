import { ANTHROPIC_MODELS } from './anthropic-models.js';
import { GOOGLE_MODELS } from './google-models.js';
import { MISTRAL_MODELS } from './mistral-models.js';
import type { CatalogModel } from './model-schema.js';
import { OPENAI_MODELS } from './openai-models.js';

/**
 * The built-in models of OpenAI, Anthropic, Google and Mistral with their explicit routes
 * (figures as published in November 2026; sources are noted in each maker's file). This table is
 * the only place that says how a model is reached: nothing is inferred from model names.
 * Validated against {@link catalogModelSchema} by the catalog's tests.
 */
export const BUILTIN_MODELS: readonly CatalogModel[] = [
  ...ANTHROPIC_MODELS,
  ...OPENAI_MODELS,
  ...GOOGLE_MODELS,
  ...MISTRAL_MODELS,
];
