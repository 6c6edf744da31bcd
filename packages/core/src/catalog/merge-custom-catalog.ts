import type { z } from 'zod';
import { SwitchboardError, isSwitchboardError } from '../errors.js';
import { type ProviderId, resolveProviderId } from '../ids.js';
import { customModelsTableSchema, endpointsTableSchema, type CustomModelTable } from './custom-catalog-schema.js';
import { indexModelNames } from './index-model-names.js';
import { catalogModelSchema, type CatalogModel, type CustomEndpoint, type ModelRoute } from './model-schema.js';
import { route } from './route.js';
import { TRANSPORT_REQUIREMENTS } from './transport.js';

/** The user's `[models]` and `[endpoints]` tables, as kept in `config.raw`. */
export interface CustomCatalogInput {
  customModels?: unknown;
  endpoints?: unknown;
  /** Named in error messages; defaults to `config.toml`. */
  configPath?: string;
}

/**
 * Routes a new model of a built-in provider gets when its table names no `transport`. Explicit
 * per provider; subscription routes (Codex, the CLI bridges) are left out because nothing says those
 * backends serve a model the user adds. Vertex serves two wire formats, so it needs `transport`.
 */
const DEFAULT_ROUTES: Readonly<Record<ProviderId, ReadonlyArray<Pick<ModelRoute, 'methods' | 'transport'>>>> = {
  openai: [{ methods: ['api-key'], transport: 'openai-responses' }],
  anthropic: [
    { methods: ['api-key'], transport: 'anthropic-messages' },
    { methods: ['claude-code'], transport: 'claude-code-cli' },
    { methods: ['oauth'], transport: 'anthropic-messages' },
  ],
  google: [{ methods: ['api-key'], transport: 'gemini' }],
  mistral: [{ methods: ['api-key'], transport: 'mistral-chat' }],
  azure: [{ methods: ['client-credentials', 'api-key'], transport: 'azure-openai' }],
  vertex: [],
  bedrock: [{ methods: ['aws', 'api-key'], transport: 'bedrock-converse' }],
};

/**
 * Validates the user's endpoints and models and merges them over the built-ins: new models are
 * added (marked `custom`), tables named like a built-in id or alias change that model.
 * @throws SwitchboardError `INVALID_CONFIG` naming the offending key.
 */
export function mergeCustomCatalog(
  builtins: readonly CatalogModel[],
  input: CustomCatalogInput,
): { models: CatalogModel[]; endpoints: CustomEndpoint[] } {
  const configPath = input.configPath ?? 'config.toml';
  const invalid = (path: PropertyKey[], reason: string) =>
    new SwitchboardError(
      'INVALID_CONFIG',
      `Invalid setting \`${formatKeyPath(path)}\` in ${configPath}: ${reason}. Fix the file and try again.`,
    );

  const endpoints = readEndpoints(input.endpoints, invalid);
  const tables = parseTables(customModelsTableSchema, input.customModels, ['models'], invalid);
  const models = builtins.map((model) => structuredClone(model));
  const names = indexModelNames(models);

  for (const [key, table] of Object.entries(tables)) {
    const at = (...rest: string[]) => ['models', key, ...rest];
    const existingId = names.get(key.toLowerCase());
    const position = models.findIndex((model) => model.id === existingId);
    const base = position === -1 ? undefined : models[position];
    const merged = base
      ? changeModel(base, table, endpoints, at, invalid)
      : createModel(key, table, endpoints, at, invalid);
    for (const alias of table.aliases ?? []) {
      const owner = names.get(alias.toLowerCase());
      if (owner !== undefined && owner !== merged.id) throw invalid(at('aliases'), `"${alias}" already names ${owner}`);
      names.set(alias.toLowerCase(), merged.id);
    }
    names.set(merged.id.toLowerCase(), merged.id);
    const checked = catalogModelSchema.safeParse(merged);
    if (!checked.success) {
      const issue = checked.error.issues[0];
      const field = issue?.path[0];
      throw invalid(typeof field === 'string' ? at(toSnakeCase(field)) : at(), issue?.message ?? 'invalid value');
    }
    if (position === -1) models.push(checked.data);
    else models[position] = checked.data;
  }
  return { models, endpoints: [...endpoints.values()] };
}

type Invalid = (path: PropertyKey[], reason: string) => SwitchboardError;

function readEndpoints(raw: unknown, invalid: Invalid): Map<string, CustomEndpoint> {
  if (isTable(raw)) {
    for (const [id, table] of Object.entries(raw)) {
      // Say why, instead of zod's generic "unrecognized key", and never echo the value.
      if (isTable(table) && ('api_key' in table || 'key' in table)) {
        throw invalid(
          ['endpoints', id],
          'keys do not belong in config.toml; set `api_key_env` to the name of the environment variable that holds it',
        );
      }
    }
  }
  const tables = parseTables(endpointsTableSchema, raw, ['endpoints'], invalid);
  return new Map(
    Object.entries(tables).map(([id, table]) => [
      id,
      {
        id,
        name: table.name ?? id,
        apiBase: table.api_base,
        ...(table.api_key_env === undefined ? {} : { apiKeyEnvironmentVariable: table.api_key_env }),
      },
    ]),
  );
}

function parseTables<T>(
  schema: z.ZodType<T>,
  raw: unknown,
  root: string[],
  invalid: Invalid,
): T | Record<string, never> {
  if (raw === undefined) return {};
  if (!isTable(raw)) throw invalid(root, 'expected a table of tables');
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = [...root, ...(issue?.path ?? [])];
  if (issue?.code === 'unrecognized_keys') throw invalid([...path, issue.keys[0] ?? ''], 'unknown setting');
  // A record key failing its pattern nests the pattern's message.
  if (issue?.code === 'invalid_key') throw invalid(path, issue.issues[0]?.message ?? issue.message);
  throw invalid(path, issue?.message ?? 'invalid value');
}

/** A table named like a built-in: change that model. */
function changeModel(
  base: CatalogModel,
  table: CustomModelTable,
  endpoints: Map<string, CustomEndpoint>,
  at: (...rest: string[]) => PropertyKey[],
  invalid: Invalid,
): CatalogModel {
  if (table.endpoint !== undefined && table.provider !== undefined)
    throw invalid(at(), 'set `endpoint` or `provider`, not both');
  if (table.endpoint !== undefined && (table.transport !== undefined || table.methods !== undefined)) {
    throw invalid(at('transport'), 'endpoint routes always use the openai-compatible transport');
  }
  const model: CatalogModel = { ...base, ...describedFields(table), custom: true };
  if (table.aliases) model.aliases = [...(base.aliases ?? []), ...table.aliases];
  if (table.endpoint !== undefined) {
    model.routes = [
      ...base.routes,
      endpointRoute(table.endpoint, table.upstream_id ?? base.id, endpoints, at, invalid),
    ];
  } else if (table.provider !== undefined) {
    const provider = providerOf(table.provider, at, invalid);
    const matches = (candidate: ModelRoute) =>
      candidate.provider === provider && (table.transport === undefined || candidate.transport === table.transport);
    if (base.routes.some(matches)) {
      if (table.upstream_id === undefined)
        throw invalid(at('upstream_id'), `name the ${provider} upstream id (for Azure, the deployment name)`);
      if (table.methods) throw invalid(at('methods'), `${base.id} already lists the methods of its ${provider} routes`);
      model.routes = base.routes.map((candidate) =>
        matches(candidate) ? { ...candidate, upstreamId: table.upstream_id ?? candidate.upstreamId } : candidate,
      );
    } else {
      model.routes = [...base.routes, ...providerRoutes(provider, table, table.upstream_id ?? base.id, at, invalid)];
    }
  } else if (table.upstream_id !== undefined || table.transport !== undefined || table.methods !== undefined) {
    throw invalid(at(), 'say which route to change with `provider` or `endpoint`');
  }
  return model;
}

/** A table with a new name: a new model. */
function createModel(
  id: string,
  table: CustomModelTable,
  endpoints: Map<string, CustomEndpoint>,
  at: (...rest: string[]) => PropertyKey[],
  invalid: Invalid,
): CatalogModel {
  if ((table.endpoint === undefined) === (table.provider === undefined)) {
    throw invalid(
      at(),
      `a new model needs \`endpoint = "<name>"\` (one of your [endpoints]) or \`provider = "<provider>"\`, exactly one`,
    );
  }
  if (table.context_window === undefined)
    throw invalid(at('context_window'), 'a new model needs its context window in tokens');
  const upstreamId = table.upstream_id ?? id;
  let providerId: CatalogModel['providerId'];
  let routes: ModelRoute[];
  if (table.endpoint !== undefined) {
    if (table.transport !== undefined || table.methods !== undefined)
      throw invalid(at('transport'), 'endpoint models always use the openai-compatible transport');
    routes = [endpointRoute(table.endpoint, upstreamId, endpoints, at, invalid)];
    providerId = `endpoint:${table.endpoint}`;
  } else {
    const provider = providerOf(table.provider ?? '', at, invalid);
    if (table.price === undefined)
      throw invalid(
        at('price'),
        `set the ${provider} price, e.g. price = { input = 1.25, output = 10 } (USD per million tokens)`,
      );
    routes = providerRoutes(provider, table, upstreamId, at, invalid);
    providerId = provider;
  }
  return {
    id,
    providerId,
    name: id,
    reasoningTier: 'standard',
    supportsTools: true,
    supportsStreaming: true,
    contextWindow: table.context_window,
    maxOutputTokens: table.context_window,
    price: { inputPerMillion: 0, outputPerMillion: 0 },
    routes,
    custom: true,
    ...describedFields(table),
    ...(table.aliases ? { aliases: table.aliases } : {}),
  };
}

function describedFields(table: CustomModelTable): Partial<CatalogModel> {
  return {
    ...(table.name === undefined ? {} : { name: table.name }),
    ...(table.reasoning_tier === undefined ? {} : { reasoningTier: table.reasoning_tier }),
    ...(table.context_window === undefined ? {} : { contextWindow: table.context_window }),
    ...(table.max_output_tokens === undefined ? {} : { maxOutputTokens: table.max_output_tokens }),
    ...(table.price === undefined
      ? {}
      : { price: { inputPerMillion: table.price.input, outputPerMillion: table.price.output } }),
    ...(table.supports_tools === undefined ? {} : { supportsTools: table.supports_tools }),
    ...(table.supports_streaming === undefined ? {} : { supportsStreaming: table.supports_streaming }),
    ...(table.supports_reasoning === undefined ? {} : { supportsReasoning: table.supports_reasoning }),
  };
}

function endpointRoute(
  name: string,
  upstreamId: string,
  endpoints: Map<string, CustomEndpoint>,
  at: (...rest: string[]) => PropertyKey[],
  invalid: Invalid,
): ModelRoute {
  const endpoint = endpoints.get(name);
  if (!endpoint) {
    const known = [...endpoints.keys()];
    throw invalid(
      at('endpoint'),
      `no [endpoints.${name}] table${known.length > 0 ? ` (defined: ${known.join(', ')})` : '; define it with api_base = "…"'}`,
    );
  }
  return {
    provider: `endpoint:${endpoint.id}`,
    methods: endpoint.apiKeyEnvironmentVariable === undefined ? [] : ['api-key'],
    upstreamId,
    transport: 'openai-compatible',
    endpoint,
  };
}

function providerRoutes(
  provider: ProviderId,
  table: CustomModelTable,
  upstreamId: string,
  at: (...rest: string[]) => PropertyKey[],
  invalid: Invalid,
): ModelRoute[] {
  if (table.transport === undefined) {
    if (table.methods !== undefined) throw invalid(at('methods'), 'set `transport` together with `methods`');
    const templates = DEFAULT_ROUTES[provider];
    if (templates.length === 0)
      throw invalid(at('transport'), `${provider} needs \`transport\` (vertex-anthropic or vertex-gemini)`);
    return templates.map((template) => route(provider, [...template.methods], upstreamId, template.transport));
  }
  const requirement = TRANSPORT_REQUIREMENTS[table.transport];
  if (requirement.provider !== provider)
    throw invalid(at('transport'), `${table.transport} is not a ${provider} transport`);
  const methods = table.methods ?? [...requirement.methods];
  const foreign = methods.filter((method) => !requirement.methods.includes(method));
  if (foreign.length > 0)
    throw invalid(
      at('methods'),
      `${table.transport} cannot carry ${foreign.join(', ')} (allowed: ${requirement.methods.join(', ')})`,
    );
  return [route(provider, methods, upstreamId, table.transport)];
}

function providerOf(name: string, at: (...rest: string[]) => PropertyKey[], invalid: Invalid): ProviderId {
  try {
    return resolveProviderId(name);
  } catch (error) {
    if (isSwitchboardError(error, 'UNKNOWN_PROVIDER')) throw invalid(at('provider'), error.message.replace(/\.$/, ''));
    throw error;
  }
}

function toSnakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

function isTable(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `models."llama3.3".price` — TOML spelling of a key path. */
export function formatKeyPath(path: readonly PropertyKey[]): string {
  return path
    .map((segment) =>
      typeof segment === 'string' && /^[A-Za-z0-9_-]+$/.test(segment) ? segment : JSON.stringify(String(segment)),
    )
    .join('.');
}
