import type { ResolvedCredential } from '../auth/types.js';
import type { Environment } from '../config/environment.js';
import type { SwitchboardConfig } from '../config/load-config.js';
import { SwitchboardError } from '../errors.js';
import { PROVIDER_IDS, type AuthMethod, type ProviderId } from '../ids.js';
import type { ProviderRegistry } from '../providers/create-provider-registry.js';
import { normalizeProviderError } from '../providers/normalize-provider-error.js';
import { credentialSecrets } from '../providers/redact-secrets.js';
import type { ProviderHealthStatus } from '../providers/types.js';
import { bedrockBaseUrl, bedrockRegion } from '../providers/bedrock-endpoint.js';
import { vertexBaseUrl, vertexLocation } from '../providers/vertex-endpoint.js';
import type { ProviderProfile } from '../catalog/provider-profiles.js';
import type { CredentialContext, CredentialSource } from './credential-source.js';
import { timeoutReason } from '../internal/abort-reason.js';
import { raceAbort } from './race-abort.js';
import { resolveCredential } from './resolve-credential.js';

/** Options of {@link checkHealth}. */
export interface CheckHealthOptions {
  registry: Pick<ProviderRegistry, 'get' | 'setStatus'>;
  config: SwitchboardConfig;
  /** Credential levels (as given to the runtime). */
  sources: readonly CredentialSource[];
  context?: CredentialContext;
  fetch?: typeof fetch;
  now?: () => number;
  environment?: Environment;
  /** Default: every built-in provider. */
  providers?: readonly ProviderId[];
  /** Per provider, for `validateCredential`. Default 10 s. */
  credentialTimeoutMs?: number;
  /** Per provider, for the reachability probe. Default 5 s. */
  reachabilityTimeoutMs?: number;
}

/** A failure as health reports show it (no cause, nothing secret). */
export interface HealthProblem {
  code: string;
  message: string;
}

/** The health of one provider. */
export interface ProviderHealth {
  provider: ProviderId;
  name: string;
  /** `ready` (works), `degraded` (reachable, credential refused or unchecked), `down` (unreachable), `unconfigured` (no credential). */
  status: ProviderHealthStatus;
  method: AuthMethod | null;
  /** `null` when there is no credential to check. */
  credential: { valid: boolean; problem?: HealthProblem } | null;
  /** `null` when the provider is unconfigured (nothing is contacted). */
  reachable: { ok: boolean; httpStatus?: number; problem?: HealthProblem } | null;
  /** ISO 8601. */
  checkedAt: string;
}

const problemOf = (error: SwitchboardError): HealthProblem => ({ code: error.code, message: error.message });

/**
 * Checks every provider at once — credential validity (`validateCredential`) and reachability
 * (any HTTP answer from its API base), each under its own timeout — and records the result in
 * the registry. Providers are checked independently: one that hangs or fails changes nothing
 * for the others, and no check ever throws.
 */
export async function checkHealth(options: CheckHealthOptions): Promise<ProviderHealth[]> {
  const providers = options.providers ?? PROVIDER_IDS;
  const results = await Promise.all(providers.map((provider) => checkProvider(provider, options)));
  for (const health of results) {
    const detail = health.reachable?.problem?.code ?? health.credential?.problem?.code;
    options.registry.setStatus(health.provider, health.status, detail);
  }
  return results;
}

async function checkProvider(provider: ProviderId, options: CheckHealthOptions): Promise<ProviderHealth> {
  const now = options.now ?? Date.now;
  const profile = options.config.providers[provider];
  const base = { provider, name: profile.name };
  const checkedAt = () => new Date(now()).toISOString();

  let credential: ResolvedCredential;
  try {
    ({ credential } = await resolveCredential(
      { provider, methods: profile.methods, context: options.context ?? {} },
      options.sources,
      { providerName: profile.name },
    ));
  } catch (error) {
    const switchboardError =
      error instanceof SwitchboardError
        ? error
        : new SwitchboardError('INTERNAL', 'The credential could not be read.', { cause: error });
    if (switchboardError.code === 'LOGIN_REQUIRED') {
      return {
        ...base,
        status: 'unconfigured',
        method: null,
        credential: null,
        reachable: null,
        checkedAt: checkedAt(),
      };
    }
    const reachable = await probe(provider, options, undefined);
    return {
      ...base,
      status: reachable.ok ? 'degraded' : 'down',
      method: null,
      credential: { valid: false, problem: problemOf(switchboardError) },
      reachable,
      checkedAt: checkedAt(),
    };
  }

  const [validity, reachable] = await Promise.all([
    validate(provider, credential, options),
    probe(provider, options, credential),
  ]);
  const status: ProviderHealthStatus = !reachable.ok ? 'down' : validity.valid ? 'ready' : 'degraded';
  return { ...base, status, method: credential.method, credential: validity, reachable, checkedAt: checkedAt() };
}

/** A fetch whose every request also ends when `signal` does. */
function boundedFetch(fetchImplementation: typeof fetch, signal: AbortSignal): typeof fetch {
  return (input, init) =>
    fetchImplementation(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, signal]) : signal });
}

async function validate(
  provider: ProviderId,
  credential: ResolvedCredential,
  options: CheckHealthOptions,
): Promise<{ valid: boolean; problem?: HealthProblem }> {
  const timeoutMs = options.credentialTimeoutMs ?? 10_000;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(timeoutReason(`No answer within ${timeoutMs} ms.`)), timeoutMs);
  try {
    const adapter = options.registry.get(provider);
    const result = await raceAbort(
      adapter.validateCredential({
        profile: options.config.providers[provider],
        credential,
        fetch: boundedFetch(options.fetch ?? globalThis.fetch, controller.signal),
        ...(options.environment ? { environment: options.environment } : {}),
      }),
      controller.signal,
    );
    return result.valid
      ? { valid: true }
      : { valid: false, ...(result.error ? { problem: problemOf(result.error) } : {}) };
  } catch (error) {
    const normalized = normalizeProviderError(error, {
      provider,
      signal: controller.signal,
      secrets: credentialSecrets(credential),
    });
    return { valid: false, problem: problemOf(normalized) };
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
}

/** The API base with its region (Bedrock) or location (Vertex) filled in, as requests use it. */
function regionalApiBase(
  profile: ProviderProfile,
  credential: ResolvedCredential | undefined,
  environment: Environment | undefined,
): string {
  const context = { profile, credential: credential ?? null, environment };
  if (profile.id === 'bedrock') return bedrockBaseUrl(profile.apiBase, bedrockRegion(context));
  if (profile.id === 'vertex') return vertexBaseUrl(profile.apiBase, vertexLocation(context));
  return profile.apiBase;
}

async function probe(
  provider: ProviderId,
  options: CheckHealthOptions,
  credential: ResolvedCredential | undefined,
): Promise<{ ok: boolean; httpStatus?: number; problem?: HealthProblem }> {
  const profile = options.config.providers[provider];
  // Subscription tokens are used against their own backend (Codex): probe that one.
  let url: string;
  try {
    url =
      credential?.method === 'oauth' && profile.subscriptionApiBase
        ? profile.subscriptionApiBase
        : regionalApiBase(profile, credential, options.environment);
  } catch (error) {
    // A region or location that is not one: the configuration problem is the health problem.
    return { ok: false, problem: problemOf(normalizeProviderError(error, { provider, providerName: profile.name })) };
  }
  const timeoutMs = options.reachabilityTimeoutMs ?? 5_000;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(timeoutReason(`No answer within ${timeoutMs} ms.`)), timeoutMs);
  try {
    // No credential is sent: any HTTP answer (even 401 or 404) proves the host is up.
    const response = await raceAbort(
      (options.fetch ?? globalThis.fetch)(url, { method: 'GET', signal: controller.signal }),
      controller.signal,
    );
    await response.body?.cancel().catch(() => undefined);
    return response.status >= 500
      ? {
          ok: false,
          httpStatus: response.status,
          problem: { code: 'PROVIDER_UNAVAILABLE', message: `${profile.name} answered ${response.status}.` },
        }
      : { ok: true, httpStatus: response.status };
  } catch (error) {
    return {
      ok: false,
      problem: problemOf(
        normalizeProviderError(error, { provider, providerName: profile.name, signal: controller.signal }),
      ),
    };
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
}
