import { isProviderId, type ProviderId } from '../ids.js';
import type { CustomEndpoint } from './model-schema.js';
import { BUILTIN_PROVIDER_PROFILES, type ProviderProfile } from './provider-profiles.js';

/** Where {@link routeProviderName} looks names up. */
export interface RouteProviderNames {
  /** The provider profiles in effect (`config.providers`: a user may rename one). Default: the built-in ones. */
  providers?: Readonly<Record<ProviderId, Pick<ProviderProfile, 'name'>>>;
  /** The user's endpoints (`catalog.endpoints`). */
  endpoints?: ReadonlyArray<Pick<CustomEndpoint, 'id' | 'name'>>;
}

/**
 * The one name people see for whoever serves a route, everywhere (status line, picker, `sb use`,
 * `sb models`, error messages): the provider profile's name — ChatGPT, Claude, Gemini, Mistral,
 * Azure OpenAI, Vertex AI, Amazon Bedrock — or a custom endpoint's own name.
 */
export function routeProviderName(provider: string, names: RouteProviderNames = {}): string {
  if (isProviderId(provider)) return (names.providers ?? BUILTIN_PROVIDER_PROFILES)[provider].name;
  if (!provider.startsWith('endpoint:')) return provider;
  const id = provider.slice('endpoint:'.length);
  return names.endpoints?.find((endpoint) => endpoint.id === id)?.name ?? id;
}
