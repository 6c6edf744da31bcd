import { normalizeProviderError } from './normalize-provider-error.js';
import type { ProviderRuntime } from './types.js';

/**
 * `ProviderRuntime.normalizeError` of one provider: failures name the route's upstream model,
 * and a route whose transport has a display name of its own (the Codex backend,
 * Claude Code) is described by that name instead of the provider's.
 */
export function createRouteErrorNormalizer(
  provider: string,
  namesByTransport: Readonly<Record<string, string>> = {},
): ProviderRuntime['normalizeError'] {
  return (error, route) => {
    const providerName =
      route && Object.hasOwn(namesByTransport, route.transport) ? namesByTransport[route.transport] : undefined;
    return normalizeProviderError(error, {
      provider,
      ...(providerName ? { providerName } : {}),
      ...(route ? { upstreamModel: route.upstreamId } : {}),
    });
  };
}
