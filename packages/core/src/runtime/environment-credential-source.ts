import type { Environment } from '../config/environment.js';
import type { ProviderProfile } from '../catalog/provider-profiles.js';
import { PROVIDER_IDS, type ProviderId } from '../ids.js';
import type { AvailableCredential, CredentialLevel, CredentialSource } from './credential-source.js';
import { environmentApiKey } from '../config/environment-api-key.js';

/** Options of {@link createEnvironmentCredentialSource}. */
export interface EnvironmentCredentialSourceOptions {
  environment: Environment;
  /** Profiles naming each provider's key variables (`OPENAI_API_KEY`, …), usually `config.providers`. */
  providers: Readonly<Record<ProviderId, Pick<ProviderProfile, 'apiKeyEnvironmentVariables'>>>;
  /** Default `workspace`: for the CLI, the environment is the global level. */
  level?: CredentialLevel;
}

/**
 * API keys from environment variables (`OPENAI_API_KEY`, `ANTHROPIC_API_KEY`, …), in each
 * profile's priority order. Serves only the `api-key` method.
 */
export function createEnvironmentCredentialSource(options: EnvironmentCredentialSourceOptions): CredentialSource {
  const { environment, providers } = options;
  const keyOf = (provider: ProviderId): string | undefined =>
    environmentApiKey(providers[provider], environment)?.value;
  // The environment a source is made with does not change: its listing is made once, and the
  // same promise answers every request (the route planner then sees the same listing).
  let listing: Promise<readonly AvailableCredential[]> | undefined;
  return {
    level: options.level ?? 'workspace',
    available() {
      if (!listing) {
        const found: AvailableCredential[] = [];
        for (const provider of PROVIDER_IDS)
          if (keyOf(provider) !== undefined) found.push(Object.freeze({ provider, method: 'api-key' as const }));
        listing = Promise.resolve(Object.freeze(found));
      }
      return listing;
    },
    async find(lookup) {
      if (!lookup.methods.includes('api-key')) return undefined;
      const apiKey = keyOf(lookup.provider);
      return apiKey === undefined
        ? undefined
        : { provider: lookup.provider, method: 'api-key', apiKey, source: 'environment' };
    },
  };
}
