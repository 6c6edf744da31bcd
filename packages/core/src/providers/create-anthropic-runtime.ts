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
import { claudeCommandOf, streamClaudeCode } from './claude-code-cli.js';
import { collectStream } from './collect-stream.js';
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
  const { transport } = context.route;
  if (transport !== 'anthropic-messages' && transport !== 'claude-code-cli') {
    throw new SwitchboardError('INVALID_CONFIG', `The anthropic adapter does not speak transport "${transport}".`, {
      provider: 'anthropic',
    });
  }
}

/**
 * Anthropic: the Messages API over the Vercel AI SDK with an API key (`x-api-key`) or an
 * organisation's OAuth Bearer token, and the `claude-code` route that runs the user's own,
 * logged-in `claude` CLI (Claude subscriptions cannot be used by third-party OAuth clients).
 */
export function createAnthropicRuntime(options: AnthropicRuntimeOptions = {}): ProviderRuntime {
  const claudeOptions = options.now ? { now: options.now } : {};
  const loadAnthropic = lazyImport(() => import('@ai-sdk/anthropic'));
  const messages = createAiSdkGeneration((_request, context) => messagesPlan(context, loadAnthropic));
  const runtime: ProviderRuntime = {
    id: 'anthropic',
    transports: ['anthropic-messages', 'claude-code-cli'],
    capabilities: { tools: true, streaming: true, reasoning: true },
    async listModels(context) {
      if (context.credential?.method === 'claude-code') return [];
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
      if (context.route.transport === 'claude-code-cli')
        return collectStream(streamClaudeCode(request, context, claudeOptions), context.route);
      return messages.generate(request, context);
    },
    async *streamGenerate(request, context) {
      assertTransport(context);
      if (context.route.transport === 'claude-code-cli') {
        yield* streamClaudeCode(request, context, claudeOptions);
        return;
      }
      yield* messages.streamGenerate(request, context);
    },
    async validateCredential(context) {
      try {
        if (context.credential?.method === 'claude-code') {
          // Cheap and offline: the CLI answers `--version` without contacting Anthropic.
          await checkClaudeCommand(context);
        } else {
          await runtime.listModels(context);
        }
        return { valid: true };
      } catch (error) {
        return { valid: false, error: normalizeProviderError(error, errorOptionsFor(context, 'anthropic')) };
      }
    },
    normalizeError: createRouteErrorNormalizer('anthropic', { 'claude-code-cli': 'Claude Code' }),
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
  return runtime;
}

async function checkClaudeCommand(context: ProviderCallContext): Promise<void> {
  const { execFile } = await import('node:child_process');
  const command = claudeCommandOf(context);
  await new Promise<void>((resolve, reject) => {
    execFile(
      command,
      ['--version'],
      { timeout: 10_000, ...(context.environment ? { env: { ...context.environment } } : {}) },
      (error) => {
        if (!error) return resolve();
        const code = (error as NodeJS.ErrnoException).code;
        reject(
          code === 'ENOENT'
            ? new SwitchboardError('LOGIN_REQUIRED', `The Claude Code CLI ("${command}") was not found.`, {
                provider: 'anthropic',
                hint: 'Install Claude Code (npm install -g @anthropic-ai/claude-code), run `claude` once to log in, or set SWITCHBOARD_CLAUDE_COMMAND.',
              })
            : new SwitchboardError(
                'PROVIDER_UNAVAILABLE',
                `The Claude Code CLI ("${command}") did not answer --version.`,
                { provider: 'anthropic', isRetryable: false },
              ),
        );
      },
    );
  });
}
