import type { ResolvedCredential } from '../auth/types.js';
import { providerGuide } from '../auth/provider-guide.js';
import { SwitchboardError } from '../errors.js';
import { PROVIDER_IDS, isProviderId } from '../ids.js';
import { credentialSecrets } from './redact-secrets.js';
import { normalizeProviderError, type NormalizeProviderErrorOptions } from './normalize-provider-error.js';
import type { AdapterCallContext, ProviderRuntime, RouteTarget } from './types.js';

/** The context of calls that are not about one route (`listModels`, `validateCredential`). */
export type ProviderCallContext = Omit<AdapterCallContext, 'route'>;

// An intersection, not Extract: the oauth variant's method is itself a union ('oauth' | 'client-credentials').
type Credential<M extends ResolvedCredential['method']> = ResolvedCredential & { method: M };

function loginRequired(provider: string, wanted: string, credential: ResolvedCredential | null): SwitchboardError {
  const have = credential ? `a ${credential.method} session` : 'no session';
  return new SwitchboardError(
    'LOGIN_REQUIRED',
    `This route of ${provider} needs ${wanted}, but it was given ${have}.`,
    {
      provider,
      hint: `sb auth login ${provider}`,
    },
  );
}

/** The credential of a call when it has one of `methods`; LOGIN_REQUIRED otherwise. */
export function credentialFor<M extends ResolvedCredential['method']>(
  context: ProviderCallContext,
  provider: string,
  methods: readonly M[],
): Credential<M> {
  const credential = context.credential;
  if (credential && (methods as readonly string[]).includes(credential.method)) return credential as Credential<M>;
  throw loginRequired(provider, methods.join(' or '), credential);
}

/** The API key of a call, or LOGIN_REQUIRED. */
export function apiKeyOf(context: ProviderCallContext, provider: string): string {
  return credentialFor(context, provider, ['api-key']).apiKey;
}

/** The bearer access token of an `oauth` / `client-credentials` call, or LOGIN_REQUIRED. */
export function accessTokenOf(
  context: ProviderCallContext,
  provider: string,
): Credential<'oauth' | 'client-credentials'> {
  return credentialFor(context, provider, ['oauth', 'client-credentials']);
}

function troubleshootingGuide(provider: string): string | undefined {
  return isProviderId(provider) ? providerGuide(provider, 'troubleshooting') : undefined;
}

/** The command that fixes an authentication failure, and the provider's guide when it has one. */
function loginHintFor(provider: string): string {
  const guide = troubleshootingGuide(provider);
  return guide ? `sb auth login ${provider} (see ${guide})` : `sb auth login ${provider}`;
}

/** The hints of every built-in provider, made once: error options are built for every call. */
const BUILT_IN_HINTS: ReadonlyMap<string, { loginHint: string; guideHint?: string }> = new Map(
  PROVIDER_IDS.map((provider) => [provider, hintsOf(provider)]),
);

function hintsOf(provider: string): { loginHint: string; guideHint?: string } {
  const guide = troubleshootingGuide(provider);
  return Object.freeze({ loginHint: loginHintFor(provider), ...(guide ? { guideHint: `See ${guide}` } : {}) });
}

/** How errors of one call are described: provider, display name, model, secrets to scrub, login hint. */
export function errorOptionsFor(
  context: ProviderCallContext & { route?: RouteTarget },
  provider: string,
  providerName?: string,
): Omit<NormalizeProviderErrorOptions, 'signal'> {
  const hints = BUILT_IN_HINTS.get(provider) ?? hintsOf(provider);
  return {
    provider,
    ...(providerName ? { providerName } : {}),
    ...(context.route ? { upstreamModel: context.route.upstreamId } : {}),
    secrets: credentialSecrets(context.credential),
    ...hints,
  };
}

/** Options of {@link fetchJson}. */
export interface FetchJsonOptions {
  fetch: typeof fetch;
  url: string;
  method?: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: unknown;
  signal?: AbortSignal | undefined;
  errors: Omit<NormalizeProviderErrorOptions, 'signal'>;
}

/**
 * One small JSON request outside the AI SDK (model lists, Code Assist setup). Failures go
 * through the same {@link normalizeProviderError} as everything else.
 */
export async function fetchJson(options: FetchJsonOptions): Promise<unknown> {
  const errorOptions = { ...options.errors, signal: options.signal };
  let response: Response;
  try {
    response = await options.fetch(options.url, {
      method: options.method ?? 'GET',
      headers: {
        accept: 'application/json',
        ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...options.headers,
      },
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (error) {
    throw normalizeProviderError(error, errorOptions);
  }
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    throw normalizeProviderError(error, errorOptions);
  }
  if (!response.ok) {
    throw normalizeProviderError(
      { statusCode: response.status, responseBody: text, responseHeaders: Object.fromEntries(response.headers) },
      errorOptions,
    );
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new SwitchboardError(
      'UPSTREAM_ERROR',
      `${options.errors.providerName ?? options.errors.provider} answered with something that is not JSON.`,
      {
        provider: options.errors.provider,
        status: response.status,
      },
    );
  }
}

/** Ids from `{ data: [{ id }] }` (OpenAI, Anthropic, Mistral) or `{ models: [{ name: 'models/x' }] }` (Gemini). */
export function modelIdsOf(body: unknown): string[] {
  if (typeof body !== 'object' || body === null) return [];
  const record = body as Record<string, unknown>;
  const list = Array.isArray(record['data']) ? record['data'] : Array.isArray(record['models']) ? record['models'] : [];
  const ids: string[] = [];
  for (const entry of list) {
    if (typeof entry !== 'object' || entry === null) continue;
    const item = entry as Record<string, unknown>;
    const id =
      typeof item['id'] === 'string'
        ? item['id']
        : typeof item['name'] === 'string'
          ? item['name'].replace(/^models\//, '')
          : undefined;
    if (id) ids.push(id);
  }
  return ids;
}

/** `validateCredential` from a `listModels`: a bad credential is reported, never thrown. */
export async function validateByListing(
  runtime: Pick<ProviderRuntime, 'listModels'>,
  context: ProviderCallContext,
): Promise<{ valid: boolean; error?: SwitchboardError }> {
  try {
    await runtime.listModels(context);
    return { valid: true };
  } catch (error) {
    const normalized =
      error instanceof SwitchboardError
        ? error
        : normalizeProviderError(error, { provider: 'unknown', secrets: credentialSecrets(context.credential) });
    return { valid: false, error: normalized };
  }
}

/** The base URL of a profile without a trailing slash. */
export function baseUrl(url: string): string {
  return url.replace(/\/+$/, '');
}
