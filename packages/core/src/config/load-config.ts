import { readFile } from 'node:fs/promises';
import { parse, TomlError } from 'smol-toml';
import { SwitchboardError } from '../errors.js';
import type { AuthMethod, ProviderId } from '../ids.js';
import { PROVIDER_IDS } from '../ids.js';
import { BUILTIN_PROVIDER_PROFILES, type ProviderProfile } from '../catalog/provider-profiles.js';
import { describeConfigIssue } from './describe-config-issue.js';
import type { ConfigFile, ProviderOverride } from './config-schema.js';
import { findConfigLine } from './find-config-line.js';

/** The effective configuration: defaults merged with config.toml, in camelCase. */
export interface SwitchboardConfig {
  /** Active catalog model id. */
  model: string | undefined;
  /** Provider whose session serves the active model. */
  activeAuthProvider: ProviderId | undefined;
  /** Method of the active session, when the user chose one explicitly. */
  activeAuthMethod: AuthMethod | undefined;
  /** The active session of each provider by name (`active_sessions`). */
  activeSessions: Partial<Record<ProviderId, string>>;
  /** `[projects."<dir>"]`: sessions pinned for requests made inside a directory. */
  projects: Record<string, { sessions: string[] }>;
  auth: { store: 'auto' | 'keychain' | 'file' };
  routing: {
    prefer: string[] | 'subscription' | 'api-key' | 'cost';
    fallback: boolean;
    fallbackModels: string[];
    timeoutMs: number;
    /** `routing.sessions`: sessions (`openai/work`) in serving order. */
    sessions: string[];
    /** `routing.pins`: the same per model id. */
    pins: Record<string, string[]>;
  };
  /** Effective provider profiles (built-ins with overrides applied). */
  providers: Record<ProviderId, ProviderProfile & { defaultMethod?: AuthMethod; budgetUsdMonthly?: number }>;
  /**
   * `[agents]`: limits of each agent session (`sb run`, a client naming its session): input plus
   * output tokens and estimated cost, and how many requests of agent sessions may use one
   * subscription route at once (across every process of the home).
   */
  agents: {
    maxTokens: number | undefined;
    maxCostUsd: number | undefined;
    subscriptionConcurrency: number | undefined;
  };
  /** `[network]`: overrides of the proxy environment and an extra CA bundle (path as written). */
  network: { caFile: string | undefined; proxy: string | undefined; noProxy: string | undefined };
  /** The file as parsed, for features that read their own tables (models, endpoints, …). */
  raw: ConfigFile;
}

/** Reads and validates config.toml. A missing file is an empty config. */
export async function readConfigFile(path: string): Promise<{ raw: ConfigFile; exists: boolean; text: string }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { raw: {}, exists: false, text: '' };
    throw new SwitchboardError('INVALID_CONFIG', `Cannot read ${path}: ${(error as Error).message}`, { cause: error });
  }
  return { raw: await parseConfigText(text, path), exists: true, text };
}

/**
 * Parses and validates config text.
 * @throws SwitchboardError `INVALID_CONFIG` naming the file and line.
 */
export async function parseConfigText(text: string, path: string): Promise<ConfigFile> {
  let document: unknown;
  try {
    document = parse(text);
  } catch (error) {
    if (error instanceof TomlError) {
      // Only the first line of smol-toml's message (the reason); the rest quotes the file, and
      // the file may hold a client_secret, so the TomlError is not kept as the cause either.
      const reason = error.message.split('\n')[0] ?? 'syntax error';
      throw new SwitchboardError(
        'INVALID_CONFIG',
        `Invalid TOML in ${path} at line ${error.line}, column ${error.column}: ${reason}. Fix the file; it was not changed.`,
      );
    }
    throw error;
  }
  // The schema (and zod with it) loads only when there is a config to check, which keeps it off
  // the startup path of a fresh install and of every command that never reads the file.
  const { configFileSchema } = await import('./config-schema.js');
  const result = configFileSchema.safeParse(document);
  if (!result.success) {
    const issue = result.error.issues[0];
    // An unknown key is reported on its table; name the key itself, and find its line.
    const unknownKey = issue?.code === 'unrecognized_keys' ? issue.keys[0] : undefined;
    const keyPath = [...(issue?.path ?? []), ...(unknownKey === undefined ? [] : [unknownKey])];
    const where =
      keyPath
        .map((segment, index) =>
          typeof segment === 'number' ? `[${segment}]` : `${index > 0 ? '.' : ''}${String(segment)}`,
        )
        .join('') || '(top level)';
    const line = findConfigLine(text, keyPath);
    throw new SwitchboardError(
      'INVALID_CONFIG',
      `Invalid setting \`${where}\` in ${path}${line ? ` at line ${line}` : ''}: ${issue ? describeConfigIssue(issue) : 'invalid value'}. Fix the file; it was not changed.`,
    );
  }
  return result.data;
}

/** Loads config.toml and merges it over the built-in defaults. */
export async function loadConfig(path: string): Promise<SwitchboardConfig> {
  const { raw } = await readConfigFile(path);
  return resolveConfig(raw);
}

/** Merges a parsed config file over the built-in defaults. */
export function resolveConfig(raw: ConfigFile): SwitchboardConfig {
  const providers = {} as SwitchboardConfig['providers'];
  for (const id of PROVIDER_IDS) providers[id] = applyOverride(BUILTIN_PROVIDER_PROFILES[id], raw.providers?.[id]);
  let activeAuthProvider = raw.active_auth_provider;
  let activeAuthMethod = raw.active_auth_method;
  if (activeAuthProvider === undefined && raw.using_chatgpt_auth !== undefined) {
    activeAuthProvider = 'openai';
    activeAuthMethod = raw.using_chatgpt_auth ? 'oauth' : 'api-key';
  }
  return {
    model: raw.model,
    activeAuthProvider,
    activeAuthMethod,
    activeSessions: { ...raw.active_sessions },
    projects: Object.fromEntries(
      Object.entries(raw.projects ?? {}).map(([directory, project]) => [
        directory,
        { sessions: project.sessions ?? [] },
      ]),
    ),
    auth: { store: raw.auth?.store ?? 'auto' },
    routing: {
      prefer: raw.routing?.prefer ?? 'subscription',
      fallback: raw.routing?.fallback ?? true,
      fallbackModels: raw.routing?.fallback_models ?? [],
      timeoutMs: raw.routing?.timeout_ms ?? 120_000,
      sessions: raw.routing?.sessions ?? [],
      pins: { ...raw.routing?.pins },
    },
    providers,
    agents: {
      maxTokens: raw.agents?.max_tokens,
      maxCostUsd: raw.agents?.max_cost_usd,
      subscriptionConcurrency: raw.agents?.subscription_concurrency,
    },
    network: { caFile: raw.network?.ca_file, proxy: raw.network?.proxy, noProxy: raw.network?.no_proxy },
    raw,
  };
}

function applyOverride(
  profile: ProviderProfile,
  override: ProviderOverride | undefined,
): SwitchboardConfig['providers'][ProviderId] {
  if (!override) return structuredClone(profile);
  const oauthOverride = override.oauth;
  const oauth = profile.oauth || oauthOverride ? { scopes: [], ...structuredClone(profile.oauth) } : undefined;
  if (oauth && oauthOverride) {
    const set = <K extends keyof typeof oauth>(key: K, value: (typeof oauth)[K] | undefined) => {
      if (value !== undefined) oauth[key] = value;
    };
    // An explicit issuer replaces the built-in endpoints so discovery finds the new ones.
    if (oauthOverride.issuer !== undefined) {
      delete oauth.authorizationEndpoint;
      delete oauth.tokenEndpoint;
      delete oauth.deviceAuthorizationEndpoint;
      delete oauth.revocationEndpoint;
    }
    // The refusal is about the built-in server and client: another issuer, or an explicit device
    // endpoint (the user's declaration that their client may use it), lifts it.
    if (oauthOverride.issuer !== undefined || oauthOverride.device_authorization_endpoint !== undefined)
      delete oauth.deviceFlowRefusal;
    set('issuer', oauthOverride.issuer);
    set('authorizationEndpoint', oauthOverride.authorization_endpoint);
    set('tokenEndpoint', oauthOverride.token_endpoint);
    set('deviceAuthorizationEndpoint', oauthOverride.device_authorization_endpoint);
    set('revocationEndpoint', oauthOverride.revocation_endpoint);
    set('clientId', oauthOverride.client_id);
    set('clientSecret', oauthOverride.client_secret);
    set('scopes', oauthOverride.scopes);
    set('redirectPort', oauthOverride.redirect_port);
    set('fallbackPorts', oauthOverride.fallback_ports);
    set('redirectPath', oauthOverride.redirect_path);
    set('redirectHost', oauthOverride.redirect_host);
    set('deviceProtocol', oauthOverride.device_protocol);
    set('audience', oauthOverride.audience);
    set('oidc', oauthOverride.oidc);
    if (oauthOverride.extra_params)
      oauth.extraAuthorizationParams = { ...oauth.extraAuthorizationParams, ...oauthOverride.extra_params };
  }
  return {
    ...structuredClone(profile),
    ...(override.name ? { name: override.name } : {}),
    ...(override.api_base ? { apiBase: override.api_base } : {}),
    ...(override.subscription_api_base ? { subscriptionApiBase: override.subscription_api_base } : {}),
    ...(override.default_method ? { defaultMethod: override.default_method } : {}),
    ...(override.budget_usd_monthly ? { budgetUsdMonthly: override.budget_usd_monthly } : {}),
    ...(oauth ? { oauth } : {}),
    settings: { ...profile.settings, ...override.settings },
  };
}
