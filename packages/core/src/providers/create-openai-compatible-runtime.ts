import { SwitchboardError } from '../errors.js';
import {
  baseUrl,
  errorOptionsFor,
  fetchJson,
  modelIdsOf,
  validateByListing,
  type ProviderCallContext,
} from './adapter-context.js';
import type { AiSdkCallPlan } from './ai-sdk-call.js';
import { createAiSdkGeneration } from './create-ai-sdk-generation.js';
import { lazyImport, type LazyImport } from './lazy-import.js';
import { normalizeProviderError } from './normalize-provider-error.js';
import type { AdapterCallContext, ProviderRuntime, RouteTarget } from './types.js';
import { isCliBridgeMethod } from '../ids.js';

function endpointBase(route: Pick<RouteTarget, 'apiBase' | 'provider'> | undefined): string {
  if (!route?.apiBase) {
    throw new SwitchboardError(
      'INVALID_CONFIG',
      `The OpenAI-compatible endpoint ${route?.provider ?? '(unnamed)'} has no api_base.`,
      {
        provider: route?.provider ?? 'openai-compatible',
      },
    );
  }
  return baseUrl(route.apiBase);
}

/** The endpoint's key when the route has one; keyless endpoints (a local Ollama) get none. */
function optionalKey(context: ProviderCallContext): string | undefined {
  const credential = context.credential;
  if (credential === null || isCliBridgeMethod(credential.method)) return undefined;
  if (credential.method === 'api-key') return credential.apiKey;
  if (credential.method === 'oauth' || credential.method === 'client-credentials') return credential.accessToken;
  throw new SwitchboardError('LOGIN_REQUIRED', 'An OpenAI-compatible endpoint takes an API key, not AWS credentials.', {
    provider: 'openai-compatible',
  });
}

function nameOf(route: RouteTarget): string {
  return route.provider.startsWith('endpoint:') ? route.provider.slice('endpoint:'.length) : route.provider;
}

async function planFor(
  context: AdapterCallContext,
  loadOpenAICompatible: LazyImport<typeof import('@ai-sdk/openai-compatible')>,
): Promise<AiSdkCallPlan> {
  if (context.route.transport !== 'openai-compatible') {
    throw new SwitchboardError(
      'INVALID_CONFIG',
      `The openai-compatible adapter does not speak transport "${context.route.transport}".`,
      {
        provider: context.route.provider,
      },
    );
  }
  const apiKey = optionalKey(context);
  const { createOpenAICompatible } = await loadOpenAICompatible();
  const provider = createOpenAICompatible({
    name: nameOf(context.route),
    baseURL: endpointBase(context.route),
    ...(apiKey ? { apiKey } : {}),
    includeUsage: true,
    fetch: context.fetch,
  });
  return {
    route: context.route,
    model: provider.chatModel(context.route.upstreamId),
    errors: {
      ...errorOptionsFor(context, context.route.provider, `Endpoint "${nameOf(context.route)}"`),
      loginHint: `set the endpoint's key variable`,
    },
  };
}

/** Options of {@link createOpenAICompatibleRuntime}. */
export interface OpenAICompatibleRuntimeOptions {
  /**
   * The endpoint `listModels` / `validateCredential` query (they get no route). Without it they
   * answer from nothing: `[]` and valid.
   */
  endpoint?: Pick<RouteTarget, 'apiBase' | 'provider'>;
}

/**
 * Any OpenAI-compatible `/chat/completions` endpoint the user configured (Ollama, OpenRouter,
 * vLLM, …) over `@ai-sdk/openai-compatible`, with the route's `apiBase` and an optional key.
 */
export function createOpenAICompatibleRuntime(options: OpenAICompatibleRuntimeOptions = {}): ProviderRuntime {
  const loadOpenAICompatible = lazyImport(() => import('@ai-sdk/openai-compatible'));
  const runtime: ProviderRuntime = {
    id: 'openai-compatible',
    transports: ['openai-compatible'],
    capabilities: { tools: true, streaming: true, reasoning: false },
    async listModels(context) {
      if (!options.endpoint) return [];
      const apiKey = optionalKey(context);
      const body = await fetchJson({
        fetch: context.fetch,
        url: `${endpointBase(options.endpoint)}/models`,
        headers: apiKey ? { authorization: `Bearer ${apiKey}` } : {},
        errors: errorOptionsFor(context, options.endpoint.provider),
      });
      return modelIdsOf(body);
    },
    ...createAiSdkGeneration((_request, context) => planFor(context, loadOpenAICompatible)),
    validateCredential(context) {
      return validateByListing(runtime, context);
    },
    forwardTarget(wire, context) {
      if (wire !== 'openai-chat' || context.route.transport !== 'openai-compatible') return undefined;
      const credential = context.credential;
      if (credential !== null && credential.method !== 'api-key') return undefined;
      const headers: Record<string, string> = credential ? { authorization: `Bearer ${credential.apiKey}` } : {};
      return {
        url: `${endpointBase(context.route)}/chat/completions`,
        headers,
        usageOnRequest: true,
        errors: {
          ...errorOptionsFor(context, context.route.provider, `Endpoint "${nameOf(context.route)}"`),
          loginHint: `set the endpoint's key variable`,
        },
      };
    },
    normalizeError(error, route) {
      return normalizeProviderError(error, {
        provider: route?.provider ?? 'openai-compatible',
        ...(route ? { providerName: `Endpoint "${nameOf(route)}"`, upstreamModel: route.upstreamId } : {}),
      });
    },
  };
  return runtime;
}
