import type { ProviderId } from '../ids.js';

/** Providers that have a setup and troubleshooting guide under docs/providers/. */
const GUIDES: Partial<Record<ProviderId, string>> = {
  openai: 'docs/providers/openai.md',
  anthropic: 'docs/providers/anthropic.md',
  google: 'docs/providers/google.md',
  vertex: 'docs/providers/vertex.md',
  bedrock: 'docs/providers/bedrock.md',
  azure: 'docs/providers/azure.md',
  mistral: 'docs/providers/mistral.md',
};

/**
 * Where a person reads how to set up `provider` and fix its errors, optionally at a section
 * (`#troubleshooting`); undefined when there is no guide yet.
 */
export function providerGuide(provider: ProviderId, section?: string): string | undefined {
  const guide = GUIDES[provider];
  return guide && section ? `${guide}#${section}` : guide;
}
