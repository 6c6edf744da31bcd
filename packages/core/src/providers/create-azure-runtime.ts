import { SwitchboardError } from '../errors.js';
import { baseUrl, credentialFor, errorOptionsFor } from './adapter-context.js';
import type { AiSdkCallPlan } from './ai-sdk-call.js';
import { checkCredentialOffline } from './check-credential-offline.js';
import { createAiSdkGeneration } from './create-ai-sdk-generation.js';
import { createRouteErrorNormalizer } from './create-route-error-normalizer.js';
import { lazyImport, type LazyImport } from './lazy-import.js';
import type { AdapterCallContext, ProviderRuntime } from './types.js';

const DEFAULT_API_VERSION = '2025-04-01-preview';

async function planFor(
  context: AdapterCallContext,
  loadAzure: LazyImport<typeof import('@ai-sdk/azure')>,
): Promise<AiSdkCallPlan> {
  if (context.route.transport !== 'azure-openai') {
    throw new SwitchboardError(
      'INVALID_CONFIG',
      `The azure adapter does not speak transport "${context.route.transport}".`,
      { provider: 'azure' },
    );
  }
  const credential = credentialFor(context, 'azure', ['api-key', 'client-credentials']);
  const { createAzure } = await loadAzure();
  const provider = createAzure({
    // A key goes out as `api-key`; an Entra ID token through the SDK's token provider as a Bearer.
    ...(credential.method === 'api-key'
      ? { apiKey: credential.apiKey }
      : { tokenProvider: () => Promise.resolve(credential.accessToken) }),
    baseURL: baseUrl(context.profile.apiBase),
    apiVersion: context.profile.settings?.['apiVersion'] ?? DEFAULT_API_VERSION,
    // `{resource}/openai/deployments/{deployment}/chat/completions?api-version=…`: the route's upstream id is the deployment.
    useDeploymentBasedUrls: true,
    fetch: context.fetch,
  });
  return {
    route: context.route,
    model: provider.chat(context.route.upstreamId),
    errors: errorOptionsFor(context, 'azure'),
  };
}

/** Options of {@link createAzureRuntime}. */
export interface AzureRuntimeOptions {
  now?: () => number;
}

/**
 * Azure OpenAI over the Vercel AI SDK (`@ai-sdk/azure`): chat completions of a deployment, with
 * a resource key or an Entra ID access token (client credentials, refreshed by the AuthManager).
 */
export function createAzureRuntime(options: AzureRuntimeOptions = {}): ProviderRuntime {
  const loadAzure = lazyImport(() => import('@ai-sdk/azure'));
  return {
    id: 'azure',
    transports: ['azure-openai'],
    capabilities: { tools: true, streaming: true, reasoning: true },
    // Deployments are the user's own names; the catalog and config list them.
    listModels: () => Promise.resolve([]),
    ...createAiSdkGeneration((_request, context) => planFor(context, loadAzure)),
    validateCredential: (context) =>
      Promise.resolve(checkCredentialOffline(context, 'azure', ['api-key', 'client-credentials'], options.now)),
    normalizeError: createRouteErrorNormalizer('azure'),
  };
}
