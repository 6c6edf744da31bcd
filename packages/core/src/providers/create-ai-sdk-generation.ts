import { generateAiSdkCall, streamAiSdkCall, type AiSdkCallPlan } from './ai-sdk-call.js';
import type { AdapterCallContext, ChatRequest, ProviderRuntime } from './types.js';

/**
 * Builds the AI SDK call of one request. The provider is created per request from the
 * request's credential, so a token is never stale.
 */
export type AiSdkCallPlanner = (request: ChatRequest, context: AdapterCallContext) => Promise<AiSdkCallPlan>;

/** `generate` and `streamGenerate` of an adapter whose requests go through the Vercel AI SDK. */
export function createAiSdkGeneration(plan: AiSdkCallPlanner): Pick<ProviderRuntime, 'generate' | 'streamGenerate'> {
  return {
    async generate(request, context) {
      return generateAiSdkCall(await plan(request, context), request);
    },
    async *streamGenerate(request, context) {
      yield* streamAiSdkCall(await plan(request, context), request);
    },
  };
}
