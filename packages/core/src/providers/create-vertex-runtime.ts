import type { createVertex } from '@ai-sdk/google-vertex';
import { SwitchboardError } from '../errors.js';
import { credentialFor, errorOptionsFor } from './adapter-context.js';
import type { AiSdkCallPlan } from './ai-sdk-call.js';
import { checkCredentialOffline } from './check-credential-offline.js';
import { createAiSdkGeneration } from './create-ai-sdk-generation.js';
import { createRouteErrorNormalizer } from './create-route-error-normalizer.js';
import { lazyImport, type LazyImport } from './lazy-import.js';
import type { AdapterCallContext, ProviderRuntime } from './types.js';
import { vertexLocationBase } from './vertex-endpoint.js';

type VertexAuthClient = NonNullable<
  NonNullable<NonNullable<Parameters<typeof createVertex>[0]>['googleAuthOptions']>['authClient']
>;

/**
 * A google-auth-library client that only hands out the session's token. google-auth-library
 * looks for Application Default Credentials on disk and in the environment unless it is given
 * a client; Switchboard's credential comes from the AuthManager, never from ADC. The library
 * calls nothing but `getAccessToken()` on it, so a small object stands in for an AuthClient.
 */
function staticTokenClient(accessToken: string): VertexAuthClient {
  const client = { getAccessToken: () => Promise.resolve({ token: accessToken }) };
  return client as unknown as VertexAuthClient;
}

/** The two Vertex sub-providers, each imported on its first request. */
interface VertexModules {
  gemini: LazyImport<typeof import('@ai-sdk/google-vertex')>;
  anthropic: LazyImport<typeof import('@ai-sdk/google-vertex/anthropic')>;
}

async function planFor(context: AdapterCallContext, modules: VertexModules): Promise<AiSdkCallPlan> {
  const { accessToken, projectId } = credentialFor(context, 'vertex', ['service-account', 'adc']);
  const errors = errorOptionsFor(context, 'vertex');
  switch (context.route.transport) {
    case 'vertex-gemini': {
      const { createVertex } = await modules.gemini();
      const provider = createVertex({
        // An explicit empty key keeps a GOOGLE_VERTEX_API_KEY in the environment from switching to express mode.
        apiKey: '',
        baseURL: `${vertexLocationBase(context, projectId)}/publishers/google`,
        googleAuthOptions: { authClient: staticTokenClient(accessToken) },
        fetch: context.fetch,
      });
      return { route: context.route, model: provider.languageModel(context.route.upstreamId), errors };
    }
    case 'vertex-anthropic': {
      const { createVertexAnthropic } = await modules.anthropic();
      const provider = createVertexAnthropic({
        baseURL: `${vertexLocationBase(context, projectId)}/publishers/anthropic/models`,
        generateAuthToken: () => Promise.resolve(accessToken),
        fetch: context.fetch,
      });
      return { route: context.route, model: provider.languageModel(context.route.upstreamId), errors };
    }
    default:
      throw new SwitchboardError(
        'INVALID_CONFIG',
        `The vertex adapter does not speak transport "${context.route.transport}".`,
        { provider: 'vertex' },
      );
  }
}

/** Options of {@link createVertexRuntime}. */
export interface VertexRuntimeOptions {
  now?: () => number;
}

/**
 * Vertex AI over the Vercel AI SDK: Gemini models (`@ai-sdk/google-vertex`) and Claude models
 * (its anthropic sub-provider), both with the Bearer access token of a service-account /
 * service-account or Application Default Credentials session (google-auth-library); project and
 * location come from the provider's settings, else the environment, else the credential's project.
 */
export function createVertexRuntime(options: VertexRuntimeOptions = {}): ProviderRuntime {
  const modules: VertexModules = {
    gemini: lazyImport(() => import('@ai-sdk/google-vertex')),
    anthropic: lazyImport(() => import('@ai-sdk/google-vertex/anthropic')),
  };
  return {
    id: 'vertex',
    transports: ['vertex-gemini', 'vertex-anthropic'],
    capabilities: { tools: true, streaming: true, reasoning: true },
    listModels: () => Promise.resolve([]),
    ...createAiSdkGeneration((_request, context) => planFor(context, modules)),
    validateCredential: (context) =>
      Promise.resolve(checkCredentialOffline(context, 'vertex', ['service-account', 'adc'], options.now)),
    normalizeError: createRouteErrorNormalizer('vertex'),
  };
}
