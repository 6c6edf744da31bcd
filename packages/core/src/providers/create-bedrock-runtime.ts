import { SwitchboardError } from '../errors.js';
import { baseUrl, credentialFor, errorOptionsFor } from './adapter-context.js';
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
  const credential = credentialFor(context, 'bedrock', ['aws']);
  const region = credential.region ?? context.profile.settings?.['region'] ?? 'us-east-1';
  const { createAmazonBedrock } = await loadBedrock();
  const provider = createAmazonBedrock({
    // An explicit empty key keeps an AWS_BEARER_TOKEN_BEDROCK in the environment from replacing SigV4.
    apiKey: '',
    region,
    accessKeyId: credential.accessKeyId,
    secretAccessKey: credential.secretAccessKey,
    ...(credential.sessionToken ? { sessionToken: credential.sessionToken } : {}),
    baseURL: baseUrl(context.profile.apiBase),
    fetch: context.fetch,
  });
  return {
    route: context.route,
    model: provider.languageModel(context.route.upstreamId),
    errors: errorOptionsFor(context, 'bedrock'),
  };
}

/** Options of {@link createBedrockRuntime}. */
export interface BedrockRuntimeOptions {
  now?: () => number;
}

/** Amazon Bedrock (Converse API) over the Vercel AI SDK, signed with SigV4 from the session's AWS credentials. */
export function createBedrockRuntime(options: BedrockRuntimeOptions = {}): ProviderRuntime {
  const loadBedrock = lazyImport(() => import('@ai-sdk/amazon-bedrock'));
  return {
    id: 'bedrock',
    transports: ['bedrock-converse'],
    capabilities: { tools: true, streaming: true, reasoning: true },
    listModels: () => Promise.resolve([]),
    ...createAiSdkGeneration((_request, context) => planFor(context, loadBedrock)),
    validateCredential: (context) => Promise.resolve(checkCredentialOffline(context, 'bedrock', ['aws'], options.now)),
    normalizeError: createRouteErrorNormalizer('bedrock'),
  };
}
