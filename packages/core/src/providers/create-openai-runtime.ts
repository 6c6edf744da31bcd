import { SwitchboardError } from '../errors.js';
import {
  accessTokenOf,
  apiKeyOf,
  baseUrl,
  errorOptionsFor,
  fetchJson,
  modelIdsOf,
  validateByListing,
  type ProviderCallContext,
} from './adapter-context.js';
import type { AiSdkCallPlan } from './ai-sdk-call.js';
import { createAiSdkGeneration } from './create-ai-sdk-generation.js';
import { createRouteErrorNormalizer } from './create-route-error-normalizer.js';
import { lazyImport, type LazyImport } from './lazy-import.js';
import type { AdapterCallContext, ChatRequest, ProviderRuntime } from './types.js';

/** Options of {@link createOpenAIRuntime}. */
export interface OpenAIRuntimeOptions {
  /**
   * `originator` header sent to the Codex backend (Codex CLI sends `codex_cli_rs`). Overridable
   * per profile as `settings.originator`.
   */
  codexOriginator?: string;
  /** Codex `instructions` when the request has no system prompt (the backend requires the field). */
  codexDefaultInstructions?: string;
}

const CODEX_NAME = 'ChatGPT (Codex backend)';
const DEFAULT_INSTRUCTIONS = 'You are a helpful assistant.';

type OpenAIModule = typeof import('@ai-sdk/openai');

/**
 * The Codex backend (ChatGPT sign-in) speaks the Responses API with its own rules, as the
 * openai/codex client sends them (codex-rs/codex-api: auth.rs, requests/responses.rs):
 * `Authorization: Bearer <access token>` plus `ChatGPT-Account-ID`; `instructions` always set;
 * `store: false` (the backend keeps nothing; encrypted reasoning is requested instead, which
 * the AI SDK adds for reasoning models when store is false); `stream: true` only (it refuses
 * non-streamed requests, so `generate` collects the stream); and no `max_output_tokens`,
 * which it rejects as an unsupported parameter.
 */
async function codexPlan(
  request: ChatRequest,
  context: AdapterCallContext,
  options: OpenAIRuntimeOptions,
  loadOpenAI: LazyImport<OpenAIModule>,
): Promise<AiSdkCallPlan> {
  const credential = accessTokenOf(context, 'openai');
  if (!credential.accountId) {
    throw new SwitchboardError(
      'LOGIN_REQUIRED',
      'The ChatGPT session has no account id, which the Codex backend requires. Log in again.',
      {
        provider: 'openai',
        hint: 'sb auth login openai',
      },
    );
  }
  const apiBase = context.profile.subscriptionApiBase;
  if (!apiBase) {
    throw new SwitchboardError(
      'INVALID_CONFIG',
      'No subscription_api_base is configured for openai (the Codex backend URL).',
      { provider: 'openai' },
    );
  }
  const { createOpenAI } = await loadOpenAI();
  const provider = createOpenAI({
    // The SDK sends its apiKey as `Authorization: Bearer …`, which is what the backend expects.
    apiKey: credential.accessToken,
    baseURL: baseUrl(apiBase),
    fetch: context.fetch,
    headers: {
      'ChatGPT-Account-Id': credential.accountId,
      originator: context.profile.settings?.['originator'] ?? options.codexOriginator ?? 'switchboard',
      'OpenAI-Beta': 'responses=experimental',
    },
  });
  return {
    route: context.route,
    model: provider.responses(context.route.upstreamId),
    providerOptions: {
      openai: {
        store: false,
        instructions: request.system ?? options.codexDefaultInstructions ?? DEFAULT_INSTRUCTIONS,
        parallelToolCalls: false,
      },
    },
    systemInProviderOptions: true,
    omitSettings: ['maxOutputTokens'],
    streamOnly: true,
    errors: {
      ...errorOptionsFor(context, 'openai', CODEX_NAME),
      limitHint:
        'A usage window of your ChatGPT plan may be used up: `sb auth quota` shows when each resets (docs/providers/openai.md#troubleshooting).',
    },
  };
}

async function apiKeyPlan(context: AdapterCallContext, loadOpenAI: LazyImport<OpenAIModule>): Promise<AiSdkCallPlan> {
  const apiKey = apiKeyOf(context, 'openai');
  const { createOpenAI } = await loadOpenAI();
  const provider = createOpenAI({ apiKey, baseURL: baseUrl(context.profile.apiBase), fetch: context.fetch });
  const { upstreamId, transport } = context.route;
  return {
    route: context.route,
    model: transport === 'openai-chat' ? provider.chat(upstreamId) : provider.responses(upstreamId),
    errors: errorOptionsFor(context, 'openai'),
  };
}

function planFor(
  request: ChatRequest,
  context: AdapterCallContext,
  options: OpenAIRuntimeOptions,
  loadOpenAI: LazyImport<OpenAIModule>,
): Promise<AiSdkCallPlan> {
  switch (context.route.transport) {
    case 'codex-responses':
      return codexPlan(request, context, options, loadOpenAI);
    case 'openai-responses':
    case 'openai-chat':
      return apiKeyPlan(context, loadOpenAI);
    default:
      throw new SwitchboardError(
        'INVALID_CONFIG',
        `The openai adapter does not speak transport "${context.route.transport}".`,
        { provider: 'openai' },
      );
  }
}

/**
 * OpenAI over the Vercel AI SDK: an API key against api.openai.com (Responses API or chat
 * completions, per the route's transport), or a ChatGPT sign-in against the Codex backend.
 * A provider is created per request from the request's credential, so a token is never stale.
 */
export function createOpenAIRuntime(options: OpenAIRuntimeOptions = {}): ProviderRuntime {
  const loadOpenAI = lazyImport(() => import('@ai-sdk/openai'));
  const runtime: ProviderRuntime = {
    id: 'openai',
    transports: ['openai-responses', 'openai-chat', 'codex-responses'],
    capabilities: { tools: true, streaming: true, reasoning: true },
    async listModels(context: ProviderCallContext) {
      // The Codex backend has no public model list; subscription sessions use the catalog.
      if (context.credential?.method !== 'api-key') return [];
      const apiKey = apiKeyOf(context, 'openai');
      const body = await fetchJson({
        fetch: context.fetch,
        url: `${baseUrl(context.profile.apiBase)}/models`,
        headers: { authorization: `Bearer ${apiKey}` },
        errors: errorOptionsFor(context, 'openai'),
      });
      return modelIdsOf(body);
    },
    ...createAiSdkGeneration((request, context) => planFor(request, context, options, loadOpenAI)),
    validateCredential(context) {
      return validateByListing(runtime, context);
    },
    normalizeError: createRouteErrorNormalizer('openai', { 'codex-responses': CODEX_NAME }),
    forwardTarget(wire, context) {
      const { transport } = context.route;
      if (context.credential?.method !== 'api-key' || transport !== wire) return undefined;
      if (transport !== 'openai-chat' && transport !== 'openai-responses') return undefined;
      return {
        url: `${baseUrl(context.profile.apiBase)}/${transport === 'openai-chat' ? 'chat/completions' : 'responses'}`,
        headers: { authorization: `Bearer ${context.credential.apiKey}` },
        usageOnRequest: transport === 'openai-chat',
        errors: errorOptionsFor(context, 'openai'),
      };
    },
  };
  return runtime;
}
