import { createHash } from 'node:crypto';
import { SwitchboardError } from '../errors.js';
import {
  accessTokenOf,
  apiKeyOf,
  baseUrl,
  errorOptionsFor,
  fetchJson,
  modelIdsOf,
  type ProviderCallContext,
} from './adapter-context.js';
import type { AiSdkCallPlan } from './ai-sdk-call.js';
import { CODE_ASSIST_PLACEHOLDER_BASE, createCodeAssistFetch, resolveCodeAssistProject } from './code-assist-fetch.js';
import { createAiSdkGeneration } from './create-ai-sdk-generation.js';
import { createRouteErrorNormalizer } from './create-route-error-normalizer.js';
import { lazyImport } from './lazy-import.js';
import { normalizeProviderError } from './normalize-provider-error.js';
import type { AdapterCallContext, ProviderRuntime } from './types.js';

const CODE_ASSIST_NAME = 'Gemini Code Assist';

function codeAssistBase(context: ProviderCallContext): string {
  const apiBase = context.profile.subscriptionApiBase;
  if (!apiBase) {
    throw new SwitchboardError(
      'INVALID_CONFIG',
      'No subscription_api_base is configured for google (the Code Assist URL).',
      { provider: 'google' },
    );
  }
  return baseUrl(apiBase);
}

/**
 * Google Gemini over the Vercel AI SDK: an API key against generativelanguage (`x-goog-api-key`),
 * or a Google sign-in against Code Assist — whose tokens generativelanguage does not take. Code
 * Assist reuses `@ai-sdk/google` through {@link createCodeAssistFetch}; the project id of each
 * session is looked up once (`loadCodeAssist`) and kept for the runtime's lifetime.
 */
export function createGoogleRuntime(): ProviderRuntime {
  const projects = new Map<string, Promise<string>>();
  const loadGoogle = lazyImport(() => import('@ai-sdk/google'));

  function projectFor(
    context: ProviderCallContext,
    accessToken: string,
    accountId: string | undefined,
    fresh = false,
  ): Promise<string> {
    const apiBase = codeAssistBase(context);
    const who = accountId ?? createHash('sha256').update(accessToken).digest('hex');
    const key = `${apiBase}\n${who}`;
    let project = fresh ? undefined : projects.get(key);
    if (!project) {
      project = resolveCodeAssistProject({
        fetch: context.fetch,
        apiBase,
        accessToken,
        configuredProject: context.profile.settings?.['project'],
        errors: errorOptionsFor(context, 'google', CODE_ASSIST_NAME),
      });
      projects.set(key, project);
      project.catch(() => projects.delete(key));
    }
    return project;
  }

  async function planFor(context: AdapterCallContext): Promise<AiSdkCallPlan> {
    const { createGoogleGenerativeAI } = await loadGoogle();
    switch (context.route.transport) {
      case 'gemini': {
        const provider = createGoogleGenerativeAI({
          apiKey: apiKeyOf(context, 'google'),
          baseURL: baseUrl(context.profile.apiBase),
          fetch: context.fetch,
        });
        return {
          route: context.route,
          model: provider.languageModel(context.route.upstreamId),
          errors: errorOptionsFor(context, 'google'),
        };
      }
      case 'code-assist': {
        const credential = accessTokenOf(context, 'google');
        const provider = createGoogleGenerativeAI({
          // Never sent: the Code Assist fetch drops x-goog-api-key and sends the session's Bearer token.
          apiKey: 'code-assist',
          baseURL: CODE_ASSIST_PLACEHOLDER_BASE,
          fetch: createCodeAssistFetch({
            fetch: context.fetch,
            apiBase: codeAssistBase(context),
            accessToken: credential.accessToken,
            project: () => projectFor(context, credential.accessToken, credential.accountId),
          }),
        });
        return {
          route: context.route,
          model: provider.languageModel(context.route.upstreamId),
          errors: errorOptionsFor(context, 'google', CODE_ASSIST_NAME),
        };
      }
      default:
        throw new SwitchboardError(
          'INVALID_CONFIG',
          `The google adapter does not speak transport "${context.route.transport}".`,
          { provider: 'google' },
        );
    }
  }

  const runtime: ProviderRuntime = {
    id: 'google',
    transports: ['gemini', 'code-assist'],
    capabilities: { tools: true, streaming: true, reasoning: true },
    async listModels(context) {
      if (context.credential?.method !== 'api-key') return [];
      const body = await fetchJson({
        fetch: context.fetch,
        url: `${baseUrl(context.profile.apiBase)}/models?pageSize=1000`,
        headers: { 'x-goog-api-key': apiKeyOf(context, 'google') },
        errors: errorOptionsFor(context, 'google'),
      });
      return modelIdsOf(body);
    },
    ...createAiSdkGeneration((_request, context) => planFor(context)),
    async validateCredential(context) {
      try {
        if (context.credential?.method === 'oauth') {
          const credential = accessTokenOf(context, 'google');
          // A live call (not the cached project), so an expired or revoked token shows.
          await projectFor(context, credential.accessToken, credential.accountId, true);
        } else {
          await runtime.listModels(context);
        }
        return { valid: true };
      } catch (error) {
        return { valid: false, error: normalizeProviderError(error, errorOptionsFor(context, 'google')) };
      }
    },
    normalizeError: createRouteErrorNormalizer('google', { 'code-assist': CODE_ASSIST_NAME }),
  };
  return runtime;
}
