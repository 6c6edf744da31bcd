import { z } from 'zod';
import { AUTH_METHODS, PROVIDER_IDS, type AuthMethod } from '../ids.js';
import { TRANSPORT_REQUIREMENTS, TRANSPORTS } from './transport.js';

/** Reasoning tiers shown next to a model's name: "Claude Opus 4.1 (ultra premium) — $15/$75". */
export const REASONING_TIERS = ['ultra premium', 'premium', 'standard', 'fast', 'economy'] as const;
/** A model's reasoning tier. */
export type ReasoningTier = (typeof REASONING_TIERS)[number];

/** Contexts that each have exactly one default model. */
export const MODEL_CONTEXTS = ['chat', 'structured', 'summary', 'doc'] as const;
/** A context a default model is chosen for. */
export type ModelContext = (typeof MODEL_CONTEXTS)[number];

/** Lifecycle of a model at its maker. `deprecated` models still answer until `shutdownDate`. */
export const MODEL_STATUSES = ['active', 'legacy', 'deprecated'] as const;
/** A model's lifecycle state. */
export type ModelStatus = (typeof MODEL_STATUSES)[number];

/** Makers of the built-in models (a subset of the provider ids). */
export const MODEL_MAKERS = ['openai', 'anthropic', 'google', 'mistral'] as const;
/** A built-in model's maker. */
export type ModelMaker = (typeof MODEL_MAKERS)[number];

/** Ids of user-defined endpoints, as used where a provider id is expected: `endpoint:ollama`. */
export type EndpointProviderId = `endpoint:${string}`;
/** Who serves a route: a built-in provider or a user-defined endpoint. */
export type RouteProviderId = (typeof PROVIDER_IDS)[number] | EndpointProviderId;

/** Name of a config.toml endpoint table: `[endpoints.<id>]`. */
export const ENDPOINT_ID_PATTERN = /^[a-z0-9][a-z0-9_-]*$/;
/** Catalog ids: no spaces or quotes; dots, colons and slashes are allowed (`llama3.3:70b`). */
export const MODEL_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:/@+-]*$/;
/** A conventional environment variable name. */
export const ENVIRONMENT_VARIABLE_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

const endpointProviderIdSchema = z.custom<EndpointProviderId>(
  (value) =>
    typeof value === 'string' &&
    value.startsWith('endpoint:') &&
    ENDPOINT_ID_PATTERN.test(value.slice('endpoint:'.length)),
  { message: 'Expected `endpoint:<id>`' },
);

/** A user-defined OpenAI-compatible endpoint, as carried by its routes. */
export const customEndpointSchema = z
  .object({
    id: z.string().regex(ENDPOINT_ID_PATTERN),
    name: z.string().min(1),
    apiBase: z.url({ protocol: /^https?$/ }),
    /** Name (never value) of the environment variable holding the key, when the endpoint needs one. */
    apiKeyEnvironmentVariable: z.string().regex(ENVIRONMENT_VARIABLE_PATTERN).optional(),
  })
  .strict();
/** A user-defined OpenAI-compatible endpoint. */
export type CustomEndpoint = z.infer<typeof customEndpointSchema>;

/** One way to reach a model: who serves it, with which sessions, under which upstream id, over which wire. */
export const modelRouteSchema = z
  .object({
    provider: z.union([z.enum(PROVIDER_IDS), endpointProviderIdSchema]),
    /** Session methods that can serve this route. Empty only for endpoints that need no key. */
    methods: z.array(z.enum(AUTH_METHODS)),
    /** The model id sent upstream (Bedrock model id, Vertex model name, Azure deployment, …). */
    upstreamId: z.string().min(1),
    transport: z.enum(TRANSPORTS),
    /** Present exactly on `openai-compatible` routes. */
    endpoint: customEndpointSchema.optional(),
  })
  .strict()
  .superRefine((route, context) => {
    const requirement = TRANSPORT_REQUIREMENTS[route.transport];
    const allowed: readonly AuthMethod[] = requirement.methods;
    const foreign = route.methods.filter((method) => !allowed.includes(method));
    if (foreign.length > 0) {
      context.addIssue({
        code: 'custom',
        path: ['methods'],
        message: `Transport ${route.transport} cannot carry ${foreign.join(', ')}`,
      });
    }
    if (new Set(route.methods).size !== route.methods.length) {
      context.addIssue({ code: 'custom', path: ['methods'], message: 'Methods are listed twice' });
    }
    if (requirement.provider === 'endpoint') {
      if (!route.endpoint || route.provider !== `endpoint:${route.endpoint.id}`) {
        context.addIssue({
          code: 'custom',
          path: ['endpoint'],
          message: 'An openai-compatible route names its endpoint as provider `endpoint:<id>`',
        });
      } else if (route.methods.length > 0 !== (route.endpoint.apiKeyEnvironmentVariable !== undefined)) {
        context.addIssue({
          code: 'custom',
          path: ['methods'],
          message: 'An endpoint route lists api-key exactly when its endpoint names a key variable',
        });
      }
      return;
    }
    if (route.provider !== requirement.provider) {
      context.addIssue({
        code: 'custom',
        path: ['provider'],
        message: `Transport ${route.transport} belongs to provider ${requirement.provider}`,
      });
    }
    if (route.methods.length === 0)
      context.addIssue({ code: 'custom', path: ['methods'], message: 'A provider route needs at least one method' });
    if (route.endpoint)
      context.addIssue({
        code: 'custom',
        path: ['endpoint'],
        message: 'Only openai-compatible routes carry an endpoint',
      });
  });
/** One way to reach a catalog model. */
export type ModelRoute = z.infer<typeof modelRouteSchema>;

/** USD per million tokens. */
export const modelPriceSchema = z
  .object({ inputPerMillion: z.number().nonnegative().finite(), outputPerMillion: z.number().nonnegative().finite() })
  .strict();
/** A model's list price in USD per million tokens. */
export type ModelPrice = z.infer<typeof modelPriceSchema>;

/** A catalog model and its explicit routes. */
export const catalogModelSchema = z
  .object({
    id: z.string().regex(MODEL_ID_PATTERN),
    /** The maker for built-ins; the provider or `endpoint:<id>` a custom model was declared with. */
    providerId: z.union([z.enum(PROVIDER_IDS), endpointProviderIdSchema]),
    /** Display name: "Claude Opus 4.1". */
    name: z.string().min(1),
    reasoningTier: z.enum(REASONING_TIERS),
    supportsTools: z.boolean(),
    supportsStreaming: z.boolean(),
    supportsReasoning: z.boolean().optional(),
    contextWindow: z.number().int().positive(),
    /** Most output tokens one request may produce. */
    maxOutputTokens: z.number().int().positive(),
    price: modelPriceSchema,
    /** Contexts this model is the default for. Exactly one model per context overall. */
    isDefault: z.partialRecord(z.enum(MODEL_CONTEXTS), z.boolean()).optional(),
    routes: z.array(modelRouteSchema).min(1),
    /** Other names `get` accepts (case-insensitive); listed explicitly, never derived. */
    aliases: z.array(z.string().regex(MODEL_ID_PATTERN)).optional(),
    status: z.enum(MODEL_STATUSES).optional(),
    /** YYYY-MM-DD after which the maker stops serving it. */
    shutdownDate: z.iso.date().optional(),
    /** True for models defined or changed in config.toml. */
    custom: z.boolean().optional(),
  })
  .strict()
  .refine((model) => model.maxOutputTokens <= model.contextWindow, {
    path: ['maxOutputTokens'],
    message: 'maxOutputTokens cannot exceed contextWindow',
  });
/** A model in the catalog. */
export type CatalogModel = z.infer<typeof catalogModelSchema>;
