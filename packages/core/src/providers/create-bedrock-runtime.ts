import { SwitchboardError } from '../errors.js';
import { credentialFor, errorOptionsFor } from './adapter-context.js';
import { bedrockBaseUrl, bedrockModelId, bedrockRegion } from './bedrock-endpoint.js';
import type { AiSdkCallPlan } from './ai-sdk-call.js';
import { checkCredentialOffline } from './check-credential-offline.js';
import { createAiSdkGeneration } from './create-ai-sdk-generation.js';
import { createRouteErrorNormalizer } from './create-route-error-normalizer.js';
import { lazyImport, type LazyImport } from './lazy-import.js';
import type { AdapterCallContext, ProviderRuntime } from './types.js';

async function planFor(
  context: AdapterCallContext,
  loadBedrock: LazyImport<typeof import('@ai-sdk/amazon-bedrock')>,
): Promise<AiSdkCallPlan> {
  if (context.route.transport !== 'bedrock-converse') {
    throw new SwitchboardError(
      'INVALID_CONFIG',
      `The bedrock adapter does not speak transport "${context.route.transport}".`,
      { provider: 'bedrock' },
    );
  }
  const credential = credentialFor(context, 'bedrock', ['aws', 'api-key']);
  const region = bedrockRegion(context);
  const { createAmazonBedrock } = await loadBedrock();
  const common = { region, baseURL: bedrockBaseUrl(context.profile.apiBase, region), fetch: context.fetch };
  const provider =
    credential.method === 'api-key'
      ? // A Bedrock API key goes as `Authorization: Bearer` instead of a SigV4 signature.
        createAmazonBedrock({ ...common, apiKey: credential.apiKey })
      : createAmazonBedrock({
          ...common,
          // An explicit empty key keeps an AWS_BEARER_TOKEN_BEDROCK in the environment from replacing SigV4.
          apiKey: '',
          accessKeyId: credential.accessKeyId,
          secretAccessKey: credential.secretAccessKey,
          ...(credential.sessionToken ? { sessionToken: credential.sessionToken } : {}),
        });
  const modelId = bedrockModelId(context.route.upstreamId, region, context.profile.settings);
  return {
    route: context.route,
    model: provider.languageModel(modelId),
    errors: errorOptionsFor(context, 'bedrock'),
  };
}

/** Options of {@link createBedrockRuntime}. */
export interface BedrockRuntimeOptions {
  now?: () => number;
}

/**
 * Amazon Bedrock (Converse API) over the Vercel AI SDK: signed with SigV4 from the session's AWS
 * credentials, or sent with a Bedrock API key as a Bearer token. Host and signing region are the
 * one region of {@link bedrockRegion}; Claude models that need it get an inference-profile id.
 */
export function createBedrockRuntime(options: BedrockRuntimeOptions = {}): ProviderRuntime {
  const loadBedrock = lazyImport(() => import('@ai-sdk/amazon-bedrock'));
  return {
    id: 'bedrock',
    transports: ['bedrock-converse'],
    capabilities: { tools: true, streaming: true, reasoning: true },
    listModels: () => Promise.resolve([]),
    ...createAiSdkGeneration((_request, context) => planFor(context, loadBedrock)),
    validateCredential: (context) =>
      Promise.resolve(checkCredentialOffline(context, 'bedrock', ['aws', 'api-key'], options.now)),
    normalizeError: createRouteErrorNormalizer('bedrock'),
  };
}
