import {
  normalizeProviderError,
  type ProviderId,
  type ProviderRegistry,
  type ResolvedCredential,
  type SwitchboardConfig,
  type SwitchboardError,
} from '@switchboard/core';

/** Checks a credential at its provider: undefined when it works, else why not (no secret in it). */
export type CredentialChecker = (
  provider: ProviderId,
  credential: ResolvedCredential,
) => Promise<SwitchboardError | undefined>;

/** Options of {@link createCredentialChecker}. */
export interface CredentialCheckerOptions {
  readonly registry: ProviderRegistry;
  /** Provider profiles (API bases) the check goes to. */
  readonly config: Pick<SwitchboardConfig, 'providers'>;
  readonly fetch?: typeof fetch;
  /** Bound on one check, default 10 s: a slow provider never holds a save for long. */
  readonly timeoutMs?: number;
}

/**
 * The provider adapter's own cheap check (`validateCredential`: a model listing where the
 * provider has one, else an offline check of the credential's shape), bounded in time.
 */
export function createCredentialChecker(options: CredentialCheckerOptions): CredentialChecker {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const fetchImplementation = options.fetch ?? globalThis.fetch;
  return async (provider, credential) => {
    const signal = AbortSignal.timeout(timeoutMs);
    const bounded: typeof fetch = (input, init) =>
      fetchImplementation(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, signal]) : signal });
    try {
      const result = await options.registry.get(provider).validateCredential({
        profile: options.config.providers[provider],
        credential,
        fetch: bounded,
      });
      return result.valid ? undefined : result.error;
    } catch (error) {
      const secrets =
        credential.method === 'api-key'
          ? [credential.apiKey]
          : credential.method === 'aws'
            ? [credential.secretAccessKey]
            : [];
      return normalizeProviderError(error, { provider, signal, secrets });
    }
  };
}
