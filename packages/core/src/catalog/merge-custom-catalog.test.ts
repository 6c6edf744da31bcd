import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { SwitchboardError } from '../errors.js';
import { createCatalog } from './create-catalog.js';
import { formatKeyPath } from './merge-custom-catalog.js';
import { MODEL_CONTEXTS } from './model-schema.js';
import { BUILTIN_MODELS } from './models.js';

/** Builds a catalog from config.toml text the way the CLI does: `raw.models`, `raw.endpoints`. */
function catalogFrom(toml: string) {
  const raw = parse(toml) as Record<string, unknown>;
  return createCatalog({
    customModels: raw.models,
    endpoints: raw.endpoints,
    configPath: '/home/me/.switchboard/config.toml',
  });
}

function configError(toml: string): SwitchboardError {
  try {
    catalogFrom(toml);
  } catch (error) {
    if (error instanceof SwitchboardError) return error;
    throw error;
  }
  throw new Error('expected INVALID_CONFIG');
}

const OLLAMA = `
[endpoints.ollama]
api_base = "http://127.0.0.1:11434/v1"
api_key_env = "OLLAMA_API_KEY"
name = "Ollama"
`;

describe('custom models and endpoints from config.toml', () => {
  it('adds a model served by an OpenAI-compatible endpoint', () => {
    const catalog = catalogFrom(`${OLLAMA}
[models."llama3.3"]
endpoint = "ollama"
upstream_id = "llama3.3:70b"
name = "Llama 3.3 70B (local)"
context_window = 131072
price = { input = 0, output = 0 }
`);
    const model = catalog.require('Llama3.3');
    expect(model).toMatchObject({
      id: 'llama3.3',
      providerId: 'endpoint:ollama',
      name: 'Llama 3.3 70B (local)',
      contextWindow: 131_072,
      maxOutputTokens: 131_072,
      price: { inputPerMillion: 0, outputPerMillion: 0 },
      custom: true,
    });
    expect(model.routes).toEqual([
      {
        provider: 'endpoint:ollama',
        methods: ['api-key'],
        upstreamId: 'llama3.3:70b',
        transport: 'openai-compatible',
        endpoint: {
          id: 'ollama',
          name: 'Ollama',
          apiBase: 'http://127.0.0.1:11434/v1',
          apiKeyEnvironmentVariable: 'OLLAMA_API_KEY',
        },
      },
    ]);
    expect(catalog.endpoints.map((endpoint) => endpoint.id)).toEqual(['ollama']);
    expect(catalog.list({ provider: 'endpoint:ollama' }).map((entry) => entry.id)).toEqual(['llama3.3']);
    expect(catalog.list().at(-1)?.id).toBe('llama3.3');
  });

  it('lists no method for an endpoint that needs no key, and defaults the upstream id and name', () => {
    const catalog = catalogFrom(`
[endpoints.lan]
api_base = "http://127.0.0.1:8000/v1"
[models.qwen3]
endpoint = "lan"
context_window = 32768
max_output_tokens = 8192
`);
    const model = catalog.require('qwen3');
    expect(model.name).toBe('qwen3');
    expect(model.maxOutputTokens).toBe(8192);
    expect(model.routes[0]).toMatchObject({ methods: [], upstreamId: 'qwen3', endpoint: { name: 'lan' } });
    expect(model.routes[0]?.endpoint?.apiKeyEnvironmentVariable).toBeUndefined();
  });

  it('adds a new model of a built-in provider, accepting provider aliases', () => {
    const catalog = catalogFrom(`
[models."gpt-7-preview"]
provider = "chatgpt"
upstream_id = "gpt-7-preview-2026-12-01"
context_window = 2000000
max_output_tokens = 128000
price = { input = 3, output = 15 }
reasoning_tier = "premium"
aliases = ["gpt7"]
`);
    const model = catalog.require('gpt7');
    expect(model).toMatchObject({
      id: 'gpt-7-preview',
      providerId: 'openai',
      reasoningTier: 'premium',
      price: { inputPerMillion: 3, outputPerMillion: 15 },
    });
    // Only the API-key route: nothing says the Codex backend serves a model the user adds.
    expect(model.routes).toEqual([
      {
        provider: 'openai',
        methods: ['api-key'],
        upstreamId: 'gpt-7-preview-2026-12-01',
        transport: 'openai-responses',
      },
    ]);
  });

  it('takes an explicit transport and methods for a provider model', () => {
    const catalog = catalogFrom(`
[models."claude-next"]
provider = "vertex"
transport = "vertex-anthropic"
upstream_id = "claude-next@20261201"
context_window = 1000000
price = { input = 5, output = 25 }
`);
    expect(catalog.routesFor('claude-next')).toEqual([
      {
        provider: 'vertex',
        methods: ['service-account', 'adc'],
        upstreamId: 'claude-next@20261201',
        transport: 'vertex-anthropic',
      },
    ]);
  });

  it('changes a built-in model’s price and name without touching its routes or other catalogs', () => {
    const catalog = catalogFrom(`
[models."claude-opus-4-1"]
name = "Opus 4.1 (negotiated)"
price = { input = 10, output = 50 }
`);
    const model = catalog.require('claude-opus-4-1');
    expect(model).toMatchObject({
      name: 'Opus 4.1 (negotiated)',
      price: { inputPerMillion: 10, outputPerMillion: 50 },
      custom: true,
      reasoningTier: 'ultra premium',
    });
    expect(model.routes).toEqual(BUILTIN_MODELS.find((entry) => entry.id === 'claude-opus-4-1')?.routes);
    expect(createCatalog().require('claude-opus-4-1').price.inputPerMillion).toBe(15);
    expect(BUILTIN_MODELS.find((entry) => entry.id === 'claude-opus-4-1')?.custom).toBeUndefined();
  });

  it('changes a built-in through its alias, keeping the model in place', () => {
    const catalog = catalogFrom(`
[models.OPUS]
name = "Opus"
`);
    expect(catalog.require('claude-opus-5-5').name).toBe('Opus');
    expect(catalog.list().map((model) => model.id)).toEqual(BUILTIN_MODELS.map((model) => model.id));
  });

  it('renames an Azure deployment of a built-in model', () => {
    const catalog = catalogFrom(`
[models."gpt-6.2-sol"]
provider = "azure"
upstream_id = "prod-sol"
`);
    const routes = catalog.routesFor('gpt-6.2-sol');
    expect(routes.find((route) => route.provider === 'azure')?.upstreamId).toBe('prod-sol');
    expect(routes.filter((route) => route.provider === 'openai').map((route) => route.upstreamId)).toEqual([
      'gpt-6.2-sol',
      'gpt-6.2-sol',
      'gpt-6.2-sol',
    ]);
  });

  it('adds an endpoint route to a built-in model', () => {
    const catalog = catalogFrom(`
[endpoints.openrouter]
api_base = "https://openrouter.ai/api/v1"
api_key_env = "OPENROUTER_API_KEY"
[models."claude-opus-4-1"]
endpoint = "openrouter"
upstream_id = "anthropic/claude-opus-4.1"
`);
    const routes = catalog.routesFor('claude-opus-4-1');
    expect(routes).toHaveLength(6);
    expect(routes.at(-1)).toMatchObject({
      provider: 'endpoint:openrouter',
      transport: 'openai-compatible',
      upstreamId: 'anthropic/claude-opus-4.1',
    });
    expect(catalog.list({ provider: 'endpoint:openrouter' }).map((model) => model.id)).toEqual(['claude-opus-4-1']);
  });

  it('keeps exactly one default per context', () => {
    const catalog = catalogFrom(`${OLLAMA}
[models.local]
endpoint = "ollama"
context_window = 8192
`);
    for (const context of MODEL_CONTEXTS) {
      expect(catalog.list().filter((model) => model.isDefault?.[context] === true)).toHaveLength(1);
    }
  });
});

describe('invalid custom models and endpoints', () => {
  const cases: Array<[title: string, toml: string, key: string, reason: RegExp]> = [
    [
      'an unknown endpoint',
      `${OLLAMA}\n[models.x]\nendpoint = "olama"\ncontext_window = 1`,
      'models.x.endpoint',
      /no \[endpoints\.olama\] table \(defined: ollama\)/,
    ],
    [
      'a non-http api_base',
      `[endpoints.local]\napi_base = "ftp://127.0.0.1/v1"`,
      'endpoints.local.api_base',
      /http\(s\) URL/,
    ],
    [
      'a bad key variable name',
      `[endpoints.local]\napi_base = "http://127.0.0.1/v1"\napi_key_env = "MY KEY"`,
      'endpoints.local.api_key_env',
      /name of an environment variable/,
    ],
    [
      'a bad endpoint name',
      `[endpoints."My Gateway"]\napi_base = "http://127.0.0.1/v1"`,
      'endpoints."My Gateway"',
      /lowercase/,
    ],
    [
      'a string context window',
      `${OLLAMA}\n[models."llama3.3"]\nendpoint = "ollama"\ncontext_window = "128k"`,
      'models."llama3.3".context_window',
      /expected number/,
    ],
    [
      'a misspelt setting',
      `${OLLAMA}\n[models."llama3.3"]\nendpoint = "ollama"\ncontex_window = 1`,
      'models."llama3.3".contex_window',
      /unknown setting/,
    ],
    [
      'a model with neither endpoint nor provider',
      `[models.mystery]\ncontext_window = 1000`,
      'models.mystery',
      /needs `endpoint = "<name>"`/,
    ],
    [
      'a model with both endpoint and provider',
      `${OLLAMA}\n[models.both]\nendpoint = "ollama"\nprovider = "openai"\ncontext_window = 1`,
      'models.both',
      /exactly one/,
    ],
    [
      'a new model without a context window',
      `${OLLAMA}\n[models.x]\nendpoint = "ollama"`,
      'models.x.context_window',
      /context window/,
    ],
    [
      'a provider model without a price',
      `[models.x]\nprovider = "mistral"\ncontext_window = 1000`,
      'models.x.price',
      /set the mistral price/,
    ],
    [
      'an unknown provider',
      `[models.x]\nprovider = "acme"\ncontext_window = 1000\nprice = { input = 1, output = 1 }`,
      'models.x.provider',
      /Unknown provider "acme"/,
    ],
    [
      'vertex without a transport',
      `[models.x]\nprovider = "vertex"\ncontext_window = 1000\nprice = { input = 1, output = 1 }`,
      'models.x.transport',
      /vertex-anthropic or vertex-gemini/,
    ],
    [
      'a transport of another provider',
      `[models.x]\nprovider = "google"\ntransport = "codex-responses"\ncontext_window = 1000\nprice = { input = 1, output = 1 }`,
      'models.x.transport',
      /not a google transport/,
    ],
    [
      'a method the transport cannot carry',
      `[models.x]\nprovider = "openai"\ntransport = "codex-responses"\nmethods = ["api-key"]\ncontext_window = 1000\nprice = { input = 1, output = 1 }`,
      'models.x.methods',
      /cannot carry api-key/,
    ],
    [
      'output above the context window',
      `${OLLAMA}\n[models.x]\nendpoint = "ollama"\ncontext_window = 1000\nmax_output_tokens = 2000`,
      'models.x.max_output_tokens',
      /cannot exceed/,
    ],
    [
      'an alias another model owns',
      `${OLLAMA}\n[models.x]\nendpoint = "ollama"\ncontext_window = 10\naliases = ["opus"]`,
      'models.x.aliases',
      /"opus" already names claude-opus-5-5/,
    ],
    [
      'a deployment rename without its name',
      `[models."gpt-6.2-sol"]\nprovider = "azure"`,
      'models."gpt-6.2-sol".upstream_id',
      /deployment name/,
    ],
    [
      'a route change without a route',
      `[models."gpt-6.2-sol"]\nupstream_id = "x"`,
      'models."gpt-6.2-sol"',
      /`provider` or `endpoint`/,
    ],
  ];

  for (const [title, toml, key, reason] of cases) {
    it(`names the key of ${title}`, () => {
      const error = configError(toml);
      expect(error.code).toBe('INVALID_CONFIG');
      expect(error.message).toContain(`\`${key}\` in /home/me/.switchboard/config.toml`);
      expect(error.message).toMatch(reason);
    });
  }

  it('rejects tables of the wrong shape', () => {
    expect(() => createCatalog({ customModels: 'llama' })).toThrow(
      /`models` in config\.toml: expected a table of tables/,
    );
    expect(() => createCatalog({ endpoints: [] })).toThrow(/`endpoints` in config\.toml/);
  });

  it('refuses a key written into config.toml without echoing it', () => {
    const canary = 'sk-or-CANARY-8b1d6f0e4c2a';
    const error = configError(
      `[endpoints.openrouter]\napi_base = "https://openrouter.ai/api/v1"\napi_key = "${canary}"`,
    );
    expect(error.message).toContain('`endpoints.openrouter`');
    expect(error.message).toContain('api_key_env');
    expect(error.message).not.toContain(canary);
    expect(JSON.stringify(error.toJSON())).not.toContain(canary);
  });
});

describe('formatKeyPath', () => {
  it('quotes segments TOML would need to quote', () => {
    expect(formatKeyPath(['models', 'llama3.3', 'price'])).toBe('models."llama3.3".price');
    expect(formatKeyPath(['endpoints', 'my-gateway', 0])).toBe('endpoints.my-gateway."0"');
  });
});
