import { generateAiSdkCall, streamAiSdkCall, type AiSdkCallPlan } from './ai-sdk-call.js';
import { lazyImport } from './lazy-import.js';
import type { AdapterCallContext, ChatRequest, ProviderRuntime } from './types.js';

/**
 * Builds the AI SDK call of one request. The provider is created per request from the
 * request's credential, so a token is never stale.
 */
export type AiSdkCallPlanner = (request: ChatRequest, context: AdapterCallContext) => Promise<AiSdkCallPlan>;

/**
 * `generate` and `streamGenerate` of an adapter whose requests go through the Vercel AI SDK.
 * `ai` is imported on the first request and kept by the returned methods.
 */
export function createAiSdkGeneration(plan: AiSdkCallPlanner): Pick<ProviderRuntime, 'generate' | 'streamGenerate'> {
  const loadAi = lazyImport(() => import('ai'));
  return {
    async generate(request, context) {
      return generateAiSdkCall(await plan(request, context), request, loadAi);
    },
    async *streamGenerate(request, context) {
      yield* streamAiSdkCall(await plan(request, context), request, loadAi);
    },
  };
}
