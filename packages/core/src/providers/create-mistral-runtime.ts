import { SwitchboardError } from '../errors.js';
import { apiKeyOf, baseUrl, errorOptionsFor, fetchJson, modelIdsOf, validateByListing } from './adapter-context.js';
import type { AiSdkCallPlan } from './ai-sdk-call.js';
import { createAiSdkGeneration } from './create-ai-sdk-generation.js';
import { createRouteErrorNormalizer } from './create-route-error-normalizer.js';
import { lazyImport, type LazyImport } from './lazy-import.js';
import type { AdapterCallContext, ProviderRuntime } from './types.js';

async function planFor(
  context: AdapterCallContext,
  loadMistral: LazyImport<typeof import('@ai-sdk/mistral')>,
): Promise<AiSdkCallPlan> {
  if (context.route.transport !== 'mistral-chat') {
    throw new SwitchboardError(
      'INVALID_CONFIG',
      `The mistral adapter does not speak transport "${context.route.transport}".`,
      { provider: 'mistral' },
    );
  }
  const { createMistral } = await loadMistral();
  const provider = createMistral({
    apiKey: apiKeyOf(context, 'mistral'),
    baseURL: baseUrl(context.profile.apiBase),
    fetch: context.fetch,
  });
  return {
    route: context.route,
    model: provider.chat(context.route.upstreamId),
    errors: errorOptionsFor(context, 'mistral'),
  };
}

/** Mistral chat completions over the Vercel AI SDK (`@ai-sdk/mistral`), with an API key. */
export function createMistralRuntime(): ProviderRuntime {
  const loadMistral = lazyImport(() => import('@ai-sdk/mistral'));
  const runtime: ProviderRuntime = {
    id: 'mistral',
    transports: ['mistral-chat'],
    capabilities: { tools: true, streaming: true, reasoning: true },
    async listModels(context) {
      const body = await fetchJson({
        fetch: context.fetch,
        url: `${baseUrl(context.profile.apiBase)}/models`,
        headers: { authorization: `Bearer ${apiKeyOf(context, 'mistral')}` },
        errors: errorOptionsFor(context, 'mistral'),
      });
      return modelIdsOf(body);
    },
    ...createAiSdkGeneration((_request, context) => planFor(context, loadMistral)),
    validateCredential(context) {
      return validateByListing(runtime, context);
    },
    normalizeError: createRouteErrorNormalizer('mistral'),
    forwardTarget(wire, context) {
      if (
        wire !== 'openai-chat' ||
        context.route.transport !== 'mistral-chat' ||
        context.credential?.method !== 'api-key'
      )
        return undefined;
      return {
        url: `${baseUrl(context.profile.apiBase)}/chat/completions`,
        headers: { authorization: `Bearer ${context.credential.apiKey}` },
        // Mistral puts usage on the finish chunk unasked and refuses OpenAI-only fields.
        usageOnRequest: false,
        adaptBody: adaptChatBodyForMistral,
        errors: errorOptionsFor(context, 'mistral'),
      };
    },
  };
  return runtime;
}

/** OpenAI chat fields Mistral does not take, as the AI SDK's Mistral provider maps them. */
function adaptChatBodyForMistral(body: Record<string, unknown>): void {
  delete body['stream_options'];
  if (body['max_completion_tokens'] !== undefined) {
    body['max_tokens'] ??= body['max_completion_tokens'];
    delete body['max_completion_tokens'];
  }
}
