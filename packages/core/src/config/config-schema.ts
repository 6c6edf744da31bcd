import { z } from 'zod';
import { AUTH_METHODS, PROVIDER_IDS } from '../ids.js';

const oauthOverrideSchema = z
  .object({
    issuer: z.string().url().optional(),
    authorization_endpoint: z.string().url().optional(),
    token_endpoint: z.string().url().optional(),
    device_authorization_endpoint: z.string().url().optional(),
    revocation_endpoint: z.string().url().optional(),
    client_id: z.string().min(1).optional(),
    client_secret: z.string().min(1).optional(),
    scopes: z.array(z.string()).optional(),
    redirect_port: z.number().int().min(0).max(65535).optional(),
    fallback_ports: z.array(z.number().int().min(0).max(65535)).optional(),
    redirect_path: z.string().startsWith('/').optional(),
    extra_params: z.record(z.string(), z.string()).optional(),
    audience: z.string().optional(),
    oidc: z.boolean().optional(),
  })
  .strict();

const providerOverrideSchema = z
  .object({
    name: z.string().optional(),
    api_base: z.string().url().optional(),
    subscription_api_base: z.string().url().optional(),
    default_method: z.enum(AUTH_METHODS).optional(),
    oauth: oauthOverrideSchema.optional(),
    settings: z.record(z.string(), z.string()).optional(),
    budget_usd_monthly: z.number().positive().optional(),
  })
  .strict();

/**
 * Schema of config.toml as written on disk (snake_case). Unknown top-level tables are kept
 * (later versions and other features may add them); known ones are validated strictly.
 */
export const configFileSchema = z
  .object({
    model: z.string().min(1).optional(),
    active_auth_provider: z.enum(PROVIDER_IDS).optional(),
    active_auth_method: z.enum(AUTH_METHODS).optional(),
    using_chatgpt_auth: z.boolean().optional(),
    auth: z.object({ store: z.enum(['auto', 'keychain', 'file']).optional() }).strict().optional(),
    routing: z
      .object({
        prefer: z.union([z.array(z.string()), z.enum(['subscription', 'api-key', 'cost'])]).optional(),
        fallback: z.boolean().optional(),
        fallback_models: z.array(z.string()).optional(),
        timeout_ms: z.number().int().positive().optional(),
      })
      .strict()
      .optional(),
    providers: z.partialRecord(z.enum(PROVIDER_IDS), providerOverrideSchema).optional(),
  })
  .passthrough();

/** config.toml as parsed and validated (still snake_case, as on disk). */
export type ConfigFile = z.infer<typeof configFileSchema>;
/** One `[providers.<id>]` table. */
export type ProviderOverride = z.infer<typeof providerOverrideSchema>;
