import type { ProviderProfile } from '../catalog/provider-profiles.js';
import type { Environment } from './environment.js';

/** A provider's API key found in the environment, and the variable that holds it. */
export interface EnvironmentApiKey {
  /** E.g. `OPENAI_API_KEY`: safe to show. */
  variable: string;
  /** The key itself (trimmed): never shown. */
  value: string;
}

/**
 * The one rule for which environment variable holds a provider's key: the first of the profile's
 * `apiKeyEnvironmentVariables` (in priority order) that is set to something other than blanks.
 */
export function environmentApiKey(
  profile: Pick<ProviderProfile, 'apiKeyEnvironmentVariables'>,
  environment: Environment,
): EnvironmentApiKey | undefined {
  for (const variable of profile.apiKeyEnvironmentVariables) {
    const value = environment[variable]?.trim();
    if (value) return { variable, value };
  }
  return undefined;
}
