import { readCloudEnvironment } from '../config/cloud-environment.js';
import { SwitchboardError } from '../errors.js';
import {
  accessTokenOf,
  baseUrl,
  credentialFor,
  errorOptionsFor,
  fetchJson,
  modelIdsOf,
  type ProviderCallContext,
} from './adapter-context.js';
import type { AiSdkCallPlan } from './ai-sdk-call.js';
import { createAiSdkGeneration } from './create-ai-sdk-generation.js';
import { createRouteErrorNormalizer } from './create-route-error-normalizer.js';
import { createGoogleBearerFetch } from './google-bearer-fetch.js';
import { lazyImport } from './lazy-import.js';
import { normalizeProviderError } from './normalize-provider-error.js';
import type { AdapterCallContext, ProviderRuntime } from './types.js';

// Never sent: the Bearer fetch removes `x-goog-api-key`; @ai-sdk/google only insists on a value.
const NO_API_KEY = 'signed-in-with-google';

/**
 * The project billed for a Google sign-in's Gemini API calls: `[providers.google.settings]
 * project`, else `GOOGLE_CLOUD_PROJECT`; undefined leaves the choice to Google (the project of
 * the OAuth client).
 */
export function googleQuotaProject(context: ProviderCallContext): string | undefined {
  return context.profile.settings?.['project'] ?? readCloudEnvironment(context.environment).googleCloudProject;
}

/** How a call authenticates: the API key's header, or a Bearer token with its quota project. */
function authFor(context: ProviderCallContext): { apiKey: string; fetch: typeof fetch } {
  const credential = credentialFor(context, 'google', ['api-key', 'oauth']);
  if (credential.method === 'api-key') return { apiKey: credential.apiKey, fetch: context.fetch };
  return {
    apiKey: NO_API_KEY,
    fetch: createGoogleBearerFetch({
      fetch: context.fetch,
      accessToken: accessTokenOf(context, 'google').accessToken,
      quotaProject: googleQuotaProject(context),
    }),
  };
}

/**
 * Google Gemini over the Vercel AI SDK, always against the Gemini API (generativelanguage):
 * with an API key (`x-goog-api-key`), or with the token of a sign-in through the user's own
 * OAuth client (Bearer + `x-goog-user-project`). Gemini CLI's OAuth client and Code Assist are
 * never used: Google's terms reserve them for Gemini CLI (the `gemini-cli` bridge runs it instead).
 */
export function createGoogleRuntime(): ProviderRuntime {
  const loadGoogle = lazyImport(() => import('@ai-sdk/google'));

  async function planFor(context: AdapterCallContext): Promise<AiSdkCallPlan> {
    if (context.route.transport !== 'gemini') {
      throw new SwitchboardError(
        'INVALID_CONFIG',
        `The google adapter does not speak transport "${context.route.transport}".`,
        { provider: 'google' },
      );
    }
    const { createGoogleGenerativeAI } = await loadGoogle();
    const provider = createGoogleGenerativeAI({ ...authFor(context), baseURL: baseUrl(context.profile.apiBase) });
    return {
      route: context.route,
      model: provider.languageModel(context.route.upstreamId),
      errors: errorOptionsFor(context, 'google'),
    };
  }

  const runtime: ProviderRuntime = {
    id: 'google',
    transports: ['gemini'],
    capabilities: { tools: true, streaming: true, reasoning: true },
    async listModels(context) {
      const auth = authFor(context);
      const body = await fetchJson({
        fetch: auth.fetch,
        url: `${baseUrl(context.profile.apiBase)}/models?pageSize=1000`,
        headers: { 'x-goog-api-key': auth.apiKey },
        errors: errorOptionsFor(context, 'google'),
      });
      return modelIdsOf(body);
    },
    ...createAiSdkGeneration((_request, context) => planFor(context)),
    async validateCredential(context) {
      try {
        // A live call, so an expired or revoked token (or a project without the API) shows.
        await runtime.listModels(context);
        return { valid: true };
      } catch (error) {
        return { valid: false, error: normalizeProviderError(error, errorOptionsFor(context, 'google')) };
      }
    },
    normalizeError: createRouteErrorNormalizer('google'),
  };
  return runtime;
}
