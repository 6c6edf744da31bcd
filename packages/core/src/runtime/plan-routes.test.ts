import { describe, expect, it } from 'vitest';
import { createCatalog } from '../catalog/create-catalog.js';
import { resolveConfig } from '../config/load-config.js';
import type { ProviderId } from '../ids.js';
import type { AvailableCredential, CredentialLevel, CredentialSource } from './credential-source.js';
import { createEnvironmentCredentialSource } from './environment-credential-source.js';
import { createCredentialListing, listAvailableCredentials, planRoutes, routingPolicyOf } from './plan-routes.js';

const catalog = createCatalog({
  endpoints: {
    ollama: { api_base: 'http://127.0.0.1:11434/v1', name: 'Ollama' },
    router: { api_base: 'http://127.0.0.1:8080/api/v1', api_key_env: 'ROUTER_API_KEY' },
  },
  customModels: {
    'llama-local': {
      endpoint: 'ollama',
      upstream_id: 'llama3.3:70b',
      name: 'Llama (local)',
      context_window: 131072,
      price: { input: 0, output: 0 },
    },
    'router-model': {
      endpoint: 'router',
      upstream_id: 'vendor/model',
      name: 'Routed model',
      context_window: 131072,
      price: { input: 1, output: 2 },
    },
  },
});
const providers = resolveConfig({}).providers;

/** A fixed listing at one level, as the server's user or workspace key tables will give. */
function listing(
  level: CredentialLevel,
  available: Array<[ProviderId, AvailableCredential['method']]>,
): CredentialSource {
  return {
    level,
    available: async () => available.map(([provider, method]) => ({ provider, method })),
    find: async () => undefined,
  };
}

const plan = async (
  model: string,
  sources: CredentialSource[],
  environment: Record<string, string> = {},
  prefer: Parameters<typeof planRoutes>[0]['prefer'] = 'subscription',
) =>
  planRoutes({
    model: catalog.require(model),
    available: await listAvailableCredentials(sources, {}),
    environment,
    prefer,
  });

describe('planRoutes', () => {
  it('keeps only routes some level can serve, with the method and level that will serve them', async () => {
    const routes = await plan('gpt-6-sol', [
      listing('session', [
        ['openai', 'oauth'],
        ['azure', 'client-credentials'],
      ]),
      listing('workspace', [['openai', 'api-key']]),
    ]);
    expect(routes.map((route) => [route.target.transport, route.target.method, route.level])).toEqual([
      ['codex-responses', 'oauth', 'session'],
      ['openai-responses', 'api-key', 'workspace'],
      ['azure-openai', 'client-credentials', 'session'],
    ]);
    expect(routes[0]?.target).toEqual({
      model: 'gpt-6-sol',
      provider: 'openai',
      method: 'oauth',
      upstreamId: 'gpt-6-sol',
      transport: 'codex-responses',
    });
  });

  it('a higher level decides the method of a route that takes several', async () => {
    const routes = await plan('gpt-5', [
      listing('session', [['azure', 'client-credentials']]),
      listing('user', [['azure', 'api-key']]),
    ]);
    expect(routes.map((route) => [route.target.provider, route.target.method, route.level])).toEqual([
      ['azure', 'api-key', 'user'],
    ]);
  });

  it('nothing logged in: no routes at all (nothing is guessed from the model name)', async () => {
    expect(await plan('claude-opus-4-1', [listing('session', [['openai', 'api-key']])])).toEqual([]);
  });

  it('endpoint routes: keyless ones always, keyed ones when their variable is set', async () => {
    const environmentSource = createEnvironmentCredentialSource({ environment: {}, providers });
    expect(await plan('llama-local', [environmentSource])).toEqual([
      {
        target: {
          model: 'llama-local',
          provider: 'endpoint:ollama',
          method: 'api-key',
          upstreamId: 'llama3.3:70b',
          transport: 'openai-compatible',
          apiBase: 'http://127.0.0.1:11434/v1',
        },
        level: null,
        reason: 'routing.prefer: api-key',
      },
    ]);
    expect(await plan('router-model', [environmentSource])).toEqual([]);
    expect((await plan('router-model', [environmentSource], { ROUTER_API_KEY: 'k' }))[0]).toMatchObject({
      target: { provider: 'endpoint:router' },
      level: 'workspace',
    });
  });

  it('gives the reason for each place: the active login, then routing.prefer, then catalog order', async () => {
    const sources = [
      listing('session', [
        ['anthropic', 'api-key'],
        ['bedrock', 'aws'],
        ['vertex', 'service-account'],
      ]),
    ];
    const config = resolveConfig({
      routing: { prefer: ['bedrock'] },
      active_auth_provider: 'vertex',
      active_auth_method: 'service-account',
    });
    const routes = planRoutes({
      model: catalog.require('claude-fable-5-1'),
      available: await listAvailableCredentials(sources, {}),
      environment: {},
      ...routingPolicyOf(config),
    });
    expect(routes.map((route) => [route.target.provider, route.reason])).toEqual([
      ['vertex', 'the active login'],
      ['bedrock', 'routing.prefer: bedrock'],
      ['anthropic', 'catalog order (not named in routing.prefer)'],
    ]);
  });

  it('is pure: the same input gives the same plan, and a changed policy the new one', async () => {
    const available = await listAvailableCredentials(
      [
        listing('session', [
          ['anthropic', 'api-key'],
          ['bedrock', 'aws'],
        ]),
      ],
      {},
    );
    const model = catalog.require('claude-opus-4-1');
    const input = { model, available, environment: {}, prefer: ['bedrock'] };
    expect(planRoutes(input)).toEqual(planRoutes(input));
    expect(planRoutes(input).map((route) => route.target.provider)).toEqual(['bedrock', 'anthropic']);
    expect(planRoutes({ ...input, active: { provider: 'anthropic' } }).map((route) => route.target.provider)).toEqual([
      'anthropic',
      'bedrock',
    ]);
  });
});

describe('createCredentialListing', () => {
  it('is the same listing while every source hands out the same one, a new one once any changes', async () => {
    const environment = createEnvironmentCredentialSource({ environment: { MISTRAL_API_KEY: 'k' }, providers });
    let sessionListing: Promise<readonly AvailableCredential[]> = Promise.resolve([
      { provider: 'openai', method: 'oauth' },
    ]);
    const session: CredentialSource = {
      level: 'session',
      available: () => sessionListing,
      find: async () => undefined,
    };
    const list = createCredentialListing([environment, session]);

    const first = list({});
    expect(list({})).toBe(first);
    expect(await first).toEqual([
      { level: 'workspace', available: [{ provider: 'mistral', method: 'api-key' }] },
      { level: 'session', available: [{ provider: 'openai', method: 'oauth' }] },
    ]);

    sessionListing = Promise.resolve([{ provider: 'anthropic', method: 'oauth' }]);
    const second = list({});
    expect(second).not.toBe(first);
    expect((await second)[1]).toEqual({ level: 'session', available: [{ provider: 'anthropic', method: 'oauth' }] });
    expect(await second).toEqual(await listAvailableCredentials([environment, session], {}));
    expect(list({})).toBe(second);
  });

  it('is a new listing when the first source changes, with the later sources it asked again', async () => {
    let workspaceListing: Promise<readonly AvailableCredential[]> = Promise.resolve([]);
    const sessionListing: Promise<readonly AvailableCredential[]> = Promise.resolve([
      { provider: 'openai', method: 'oauth' },
    ]);
    const workspace: CredentialSource = {
      level: 'workspace',
      available: () => workspaceListing,
      find: async () => undefined,
    };
    const session: CredentialSource = {
      level: 'session',
      available: () => sessionListing,
      find: async () => undefined,
    };
    const list = createCredentialListing([workspace, session]);
    const first = list({});
    workspaceListing = Promise.resolve([{ provider: 'mistral', method: 'api-key' }]);
    const second = list({});
    expect(second).not.toBe(first);
    expect(await second).toEqual([
      { level: 'workspace', available: [{ provider: 'mistral', method: 'api-key' }] },
      { level: 'session', available: [{ provider: 'openai', method: 'oauth' }] },
    ]);
    expect(list({})).toBe(second);
  });
});
