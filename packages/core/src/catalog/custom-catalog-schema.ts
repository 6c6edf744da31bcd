import { z } from 'zod';
import { AUTH_METHODS } from '../ids.js';
import {
  ENDPOINT_ID_PATTERN,
  ENVIRONMENT_VARIABLE_PATTERN,
  MODEL_ID_PATTERN,
  REASONING_TIERS,
} from './model-schema.js';
import { TRANSPORTS } from './transport.js';

/**
 * One `[endpoints.<id>]` table of config.toml: an OpenAI-compatible endpoint (a local Ollama,
 * OpenRouter, a company gateway). Keys never live in config.toml: `api_key_env` names the
 * environment variable that holds one.
 *
 * ```toml
 * [endpoints.ollama]
 * api_base = "http://127.0.0.1:11434/v1"
 * api_key_env = "OLLAMA_API_KEY"   # optional
 * name = "Ollama"                  # optional, defaults to the table name
 * ```
 */
export const endpointTableSchema = z
  .object({
    api_base: z.url({ protocol: /^https?$/, error: 'Expected an http(s) URL such as "http://127.0.0.1:11434/v1"' }),
    api_key_env: z
      .string()
      .regex(ENVIRONMENT_VARIABLE_PATTERN, 'Expected the name of an environment variable, such as "OPENROUTER_API_KEY"')
      .optional(),
    name: z.string().min(1).optional(),
  })
  .strict();
/** An `[endpoints.<id>]` table as written on disk. */
export type EndpointTable = z.infer<typeof endpointTableSchema>;

/** All `[endpoints.*]` tables. */
export const endpointsTableSchema = z.record(
  z.string().regex(ENDPOINT_ID_PATTERN, 'Endpoint names use lowercase letters, digits, "-" and "_"'),
  endpointTableSchema,
);

/**
 * One `[models."<id>"]` table of config.toml. Either a new model — reached through one of the
 * user's endpoints (`endpoint = "ollama"`) or through a built-in provider (`provider = "openai"`)
 * — or changes to a built-in model (same id or alias): its name, price and limits, an extra
 * endpoint route, or another upstream id for one of its providers (an Azure deployment name).
 *
 * ```toml
 * [models."llama3.3"]
 * endpoint = "ollama"
 * upstream_id = "llama3.3:70b"
 * name = "Llama 3.3 70B (local)"
 * context_window = 131072
 * price = { input = 0, output = 0 }
 * ```
 */
export const customModelTableSchema = z
  .object({
    endpoint: z.string().min(1).optional(),
    /** A provider id or alias (`openai`, `claude`, …). */
    provider: z.string().min(1).optional(),
    /** Id sent upstream; defaults to the table name. */
    upstream_id: z.string().min(1).optional(),
    /** With `provider`: the one transport to use instead of the provider's default routes. */
    transport: z.enum(TRANSPORTS).optional(),
    /** With `transport`: the session methods that may serve it. */
    methods: z.array(z.enum(AUTH_METHODS)).min(1).optional(),
    name: z.string().min(1).optional(),
    reasoning_tier: z.enum(REASONING_TIERS).optional(),
    context_window: z.number().int().positive().optional(),
    max_output_tokens: z.number().int().positive().optional(),
    price: z
      .object({ input: z.number().nonnegative().finite(), output: z.number().nonnegative().finite() })
      .strict()
      .optional(),
    supports_tools: z.boolean().optional(),
    supports_streaming: z.boolean().optional(),
    supports_reasoning: z.boolean().optional(),
    aliases: z.array(z.string().regex(MODEL_ID_PATTERN, 'Aliases cannot contain spaces or quotes')).optional(),
  })
  .strict();
/** A `[models."<id>"]` table as written on disk. */
export type CustomModelTable = z.infer<typeof customModelTableSchema>;

/** All `[models.*]` tables. */
export const customModelsTableSchema = z.record(
  z.string().regex(MODEL_ID_PATTERN, 'Model ids cannot contain spaces or quotes'),
  customModelTableSchema,
);
