// zod/mini, not the full zod: config.toml is read on every `sb` start (a measured goal), and the
// mini build is a fraction of the code to load. Named imports let the CLI bundle drop the rest. Messages come from describe-config-issue.ts.
import {
  array,
  boolean,
  enum as oneOf,
  int,
  looseObject,
  maximum,
  minimum,
  minLength,
  number,
  optional,
  partialRecord,
  positive,
  record,
  startsWith,
  strictObject,
  string,
  union,
  url as urlSchema,
  type infer as Infer,
} from 'zod/mini';
import { AUTH_METHODS, PROVIDER_IDS } from '../ids.js';

const url = () => optional(urlSchema());
const port = () => int().check(minimum(0), maximum(65535));

const oauthOverrideSchema = strictObject({
  issuer: url(),
  authorization_endpoint: url(),
  token_endpoint: url(),
  device_authorization_endpoint: url(),
  revocation_endpoint: url(),
  client_id: optional(string().check(minLength(1))),
  client_secret: optional(string().check(minLength(1))),
  scopes: optional(array(string())),
  redirect_port: optional(port()),
  fallback_ports: optional(array(port())),
  redirect_path: optional(string().check(startsWith('/'))),
  redirect_host: optional(oneOf(['localhost', '127.0.0.1'])),
  device_protocol: optional(oneOf(['rfc8628', 'openai-codex'])),
  extra_params: optional(record(string(), string())),
  audience: optional(string()),
  oidc: optional(boolean()),
});

const providerOverrideSchema = strictObject({
  name: optional(string()),
  api_base: url(),
  subscription_api_base: url(),
  default_method: optional(oneOf(AUTH_METHODS)),
  oauth: optional(oauthOverrideSchema),
  settings: optional(record(string(), string())),
  budget_usd_monthly: optional(number().check(positive())),
});

/**
 * Schema of config.toml as written on disk (snake_case). Unknown top-level tables are kept
 * (later versions and other features may add them); known ones are validated strictly.
 */
export const configFileSchema = looseObject({
  model: optional(string().check(minLength(1))),
  active_auth_provider: optional(oneOf(PROVIDER_IDS)),
  active_auth_method: optional(oneOf(AUTH_METHODS)),
  // The active session of each provider by name (`sb auth switch openai/work`).
  active_sessions: optional(partialRecord(oneOf(PROVIDER_IDS), string().check(minLength(1)))),
  using_chatgpt_auth: optional(boolean()),
  auth: optional(strictObject({ store: optional(oneOf(['auto', 'keychain', 'file'])) })),
  routing: optional(
    strictObject({
      prefer: optional(union([array(string()), oneOf(['subscription', 'api-key', 'cost'])])),
      fallback: optional(boolean()),
      fallback_models: optional(array(string())),
      timeout_ms: optional(int().check(positive())),
      // Sessions (`openai/work`) in the order they serve; listing a second subscription account
      // is what allows falling over to it.
      sessions: optional(array(string().check(minLength(1)))),
      // The same, per model id: `"gpt-6.2-sol" = ["openai/work", "openai/key"]`.
      pins: optional(record(string(), array(string().check(minLength(1))))),
    }),
  ),
  // Per project directory (absolute path), like Codex's `[projects."<dir>"]`: the sessions that
  // serve requests made from inside it.
  projects: optional(record(string(), looseObject({ sessions: optional(array(string().check(minLength(1)))) }))),
  providers: optional(partialRecord(oneOf(PROVIDER_IDS), providerOverrideSchema)),
  agents: optional(
    strictObject({
      max_tokens: optional(int().check(positive())),
      max_cost_usd: optional(number().check(positive())),
      subscription_concurrency: optional(int().check(positive())),
    }),
  ),
  network: optional(
    strictObject({
      ca_file: optional(string().check(minLength(1))),
      proxy: url(),
      no_proxy: optional(string()),
    }),
  ),
});

/** config.toml as parsed and validated (still snake_case, as on disk). */
export type ConfigFile = Infer<typeof configFileSchema>;
/** One `[providers.<id>]` table. */
export type ProviderOverride = Infer<typeof providerOverrideSchema>;
