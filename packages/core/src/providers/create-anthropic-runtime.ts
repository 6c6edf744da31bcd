import { SwitchboardError } from '../errors.js';
import {
  baseUrl,
  credentialFor,
  errorOptionsFor,
  fetchJson,
  modelIdsOf,
  type ProviderCallContext,
} from './adapter-context.js';
import type { AiSdkCallPlan } from './ai-sdk-call.js';
import { CLAUDE_CODE_DIALECT } from './cli-bridge/claude-code-dialect.js';
import { withCliBridge } from './cli-bridge/with-cli-bridge.js';
import type { StreamCliBridgeOptions } from './cli-bridge/stream-cli-bridge.js';
import { createAiSdkGeneration } from './create-ai-sdk-generation.js';
import { createRouteErrorNormalizer } from './create-route-error-normalizer.js';
import { lazyImport, type LazyImport } from './lazy-import.js';
import { normalizeProviderError } from './normalize-provider-error.js';
import type { AdapterCallContext, ProviderRuntime } from './types.js';

const ANTHROPIC_VERSION = '2023-06-01';

/** Options of {@link createAnthropicRuntime}. */
export interface AnthropicRuntimeOptions {
  /** Clock (Claude Code usage-limit reset times). */
  now?: () => number;
  /** Plan-usage windows Claude Code reports (its `rate_limit_event` lines). */
  onQuota?: StreamCliBridgeOptions['onQuota'];
}

/** The auth headers of the Messages API: `x-api-key` for a key, a Bearer token for an organisation's OAuth client. */
function authHeaders(context: ProviderCallContext): Record<string, string> {
  const credential = credentialFor(context, 'anthropic', ['api-key', 'oauth']);
  return credential.method === 'api-key'
    ? { 'x-api-key': credential.apiKey }
    : { authorization: `Bearer ${credential.accessToken}` };
}

async function messagesPlan(
  context: AdapterCallContext,
  loadAnthropic: LazyImport<typeof import('@ai-sdk/anthropic')>,
): Promise<AiSdkCallPlan> {
  const credential = credentialFor(context, 'anthropic', ['api-key', 'oauth']);
  const { createAnthropic } = await loadAnthropic();
  const provider = createAnthropic({
    // `authToken` makes the SDK send `Authorization: Bearer` and no `x-api-key`.
    ...(credential.method === 'api-key' ? { apiKey: credential.apiKey } : { authToken: credential.accessToken }),
    baseURL: baseUrl(context.profile.apiBase),
    fetch: context.fetch,
  });
  return {
    route: context.route,
    model: provider.messages(context.route.upstreamId),
    errors: errorOptionsFor(context, 'anthropic'),
  };
}

function assertTransport(context: AdapterCallContext): void {
  if (context.route.transport !== 'anthropic-messages') {
    throw new SwitchboardError(
      'INVALID_CONFIG',
      `The anthropic adapter does not speak transport "${context.route.transport}".`,
      { provider: 'anthropic' },
    );
  }
}

/**
 * Anthropic: the Messages API over the Vercel AI SDK with an API key (`x-api-key`) or an
 * organisation's OAuth Bearer token, and the `claude-code` route that runs the user's own,
 * logged-in `claude` CLI (Claude subscriptions cannot be used by third-party OAuth clients).
 */
export function createAnthropicRuntime(options: AnthropicRuntimeOptions = {}): ProviderRuntime {
  const loadAnthropic = lazyImport(() => import('@ai-sdk/anthropic'));
  const messages = createAiSdkGeneration((_request, context) => messagesPlan(context, loadAnthropic));
  const runtime: ProviderRuntime = {
    id: 'anthropic',
    transports: ['anthropic-messages'],
    capabilities: { tools: true, streaming: true, reasoning: true },
    async listModels(context) {
      const body = await fetchJson({
        fetch: context.fetch,
        url: `${baseUrl(context.profile.apiBase)}/models?limit=1000`,
        headers: { ...authHeaders(context), 'anthropic-version': ANTHROPIC_VERSION },
        errors: errorOptionsFor(context, 'anthropic'),
      });
      return modelIdsOf(body);
    },
    async generate(request, context) {
      assertTransport(context);
      return messages.generate(request, context);
    },
    async *streamGenerate(request, context) {
      assertTransport(context);
      yield* messages.streamGenerate(request, context);
    },
    async validateCredential(context) {
      try {
        await runtime.listModels(context);
        return { valid: true };
      } catch (error) {
        return { valid: false, error: normalizeProviderError(error, errorOptionsFor(context, 'anthropic')) };
      }
    },
    normalizeError: createRouteErrorNormalizer('anthropic'),
    forwardTarget(wire, context) {
      const method = context.credential?.method;
      if (
        wire !== 'anthropic-messages' ||
        context.route.transport !== 'anthropic-messages' ||
        (method !== 'api-key' && method !== 'oauth')
      )
        return undefined;
      return {
        url: `${baseUrl(context.profile.apiBase)}/messages`,
        headers: { ...authHeaders(context), 'anthropic-version': ANTHROPIC_VERSION },
        usageOnRequest: false,
        errors: errorOptionsFor(context, 'anthropic'),
      };
    },
  };
  return withCliBridge(runtime, CLAUDE_CODE_DIALECT, {
    ...(options.now ? { now: options.now } : {}),
    ...(options.onQuota ? { onQuota: options.onQuota } : {}),
  });
}
