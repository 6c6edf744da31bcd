import type { AuthMethod, ProviderId } from '../ids.js';

/**
 * OAuth settings of a provider profile. Every value can be overridden in config.toml
 * under `[providers.<id>.oauth]` (snake_case there, camelCase here).
 */
export interface OAuthProfile {
  /** Issuer URL; used for discovery when endpoints are not all given. */
  issuer?: string;
  authorizationEndpoint?: string;
  tokenEndpoint?: string;
  deviceAuthorizationEndpoint?: string;
  revocationEndpoint?: string;
  clientId?: string;
  /** Only for confidential clients (client credentials) or installed apps that ship one. */
  clientSecret?: string;
  scopes: string[];
  /** Preferred loopback port; 0 = ephemeral. */
  redirectPort?: number;
  /** Ports tried after `redirectPort` when it is taken. */
  fallbackPorts?: number[];
  /** Loopback callback path, e.g. `/auth/callback`. */
  redirectPath?: string;
  /**
   * Host named in the loopback redirect_uri. Default `127.0.0.1` (RFC 8252 §7.3). `localhost`
   * for servers whose allow-list names it (ChatGPT); the listener then answers on both
   * 127.0.0.1 and ::1, whichever the browser resolves `localhost` to.
   */
  redirectHost?: 'localhost' | '127.0.0.1';
  /**
   * Endpoint paths under `issuer`, for servers that publish no discovery document the
   * client relies on: an endpoint that is not set explicitly is `issuer` + its path, so a
   * config.toml that overrides only `issuer` moves every endpoint with it.
   */
  issuerPaths?: Partial<Record<'authorization' | 'token' | 'revocation', string>>;
  /**
   * How `--method device` talks to the server: RFC 8628 (default) or the Codex CLI's own
   * device protocol (`{issuer}/api/accounts/deviceauth/…`), which is all ChatGPT offers.
   */
  deviceProtocol?: 'rfc8628' | 'openai-codex';
  /** Extra authorization request parameters. */
  extraAuthorizationParams?: Record<string, string>;
  /** Whether the issuer is an OIDC provider (adds nonce, validates id_token). */
  oidc?: boolean;
  /** Audience / resource for client-credentials grants. */
  audience?: string;
  /**
   * Why `--method device` is refused for this provider. It is lifted when config.toml sets
   * `device_authorization_endpoint` explicitly: the user declares that their client supports it.
   */
  deviceFlowRefusal?: string;
}

/** A built-in provider: how it is named, reached and logged into. */
export interface ProviderProfile {
  id: ProviderId;
  /** Name shown to people: "ChatGPT", "Claude", "Gemini", … */
  name: string;
  /** Methods it supports, in order of preference for `sb auth login` without --method. */
  methods: AuthMethod[];
  /** Default API base URL (overridable as `api_base`). */
  apiBase: string;
  /** API base used with subscription (oauth) tokens, when it differs. */
  subscriptionApiBase?: string;
  /** Environment variables that hold an API key for it, in priority order. */
  apiKeyEnvironmentVariables: string[];
  /** OAuth settings for `oauth` and `client-credentials` methods. */
  oauth?: OAuthProfile;
  /** Where a person creates an API key. */
  apiKeyUrl?: string;
  /**
   * What people call its API keys, when not "<name> API key": the ChatGPT provider's keys are
   * OpenAI platform keys, Claude's are Anthropic keys (`ANTHROPIC_API_KEY`; see {@link apiKeyLabel}).
   */
  apiKeyName?: string;
  /** Provider-specific settings (Azure resource, AWS region, …), overridable. */
  settings?: Record<string, string>;
  /**
   * What a method bills when it differs from the default of {@link methodBilling}: e.g. the
   * ChatGPT sign-in (`oauth`) uses the user's ChatGPT plan.
   */
  billing?: Partial<Record<string, MethodBilling>>;
}

/** What a provider's API keys are called in prompts and messages: "OpenAI API key", "Mistral API key", … */
export function apiKeyLabel(profile: Pick<ProviderProfile, 'name' | 'apiKeyName'>): string {
  return profile.apiKeyName ?? `${profile.name} API key`;
}

/** Who pays for requests made with a method: a subscription plan, or per-use API billing. */
export type MethodBilling = 'subscription' | 'api';

/**
 * What requests made with `method` bill: the profile's own word when it has one, else
 * `subscription` for the CLI bridges (the user's `claude`, `gemini`, `codex` run them on their
 * plans) and `api` for everything else (API keys, cloud credentials, one's own OAuth client).
 */
export function methodBilling(profile: Pick<ProviderProfile, 'billing'>, method: string): MethodBilling {
  const explicit = profile.billing?.[method];
  if (explicit) return explicit;
  return method === 'claude-code' || method.endsWith('-cli') ? 'subscription' : 'api';
}

/**
 * The built-in profiles. Endpoints and client ids here are the public values the providers'
 * own CLIs use; every one is a default that config.toml can override (DESIGN §4).
 */
export const BUILTIN_PROVIDER_PROFILES: Readonly<Record<ProviderId, ProviderProfile>> = {
  openai: {
    id: 'openai',
    name: 'ChatGPT',
    methods: ['oauth', 'api-key', 'codex-cli'],
    apiBase: 'https://api.openai.com/v1',
    subscriptionApiBase: 'https://chatgpt.com/backend-api/codex',
    apiKeyEnvironmentVariables: ['OPENAI_API_KEY'],
    apiKeyUrl: 'https://platform.openai.com/api-keys',
    apiKeyName: 'OpenAI API key',
    billing: { oauth: 'subscription' },
    oauth: {
      // Everything below is what the Codex CLI sends (openai/codex codex-rs/login/src/server.rs
      // `build_authorize_url`, `bind_server`; device_code_auth.rs; auth/manager.rs).
      issuer: 'https://auth.openai.com',
      issuerPaths: { authorization: '/oauth/authorize', token: '/oauth/token', revocation: '/oauth/revoke' },
      // The public (PKCE, no secret) client the Codex CLI signs in with.
      clientId: 'app_EMoamEEZ73f0CkXaXp7hrann',
      scopes: ['openid', 'profile', 'email', 'offline_access', 'api.connectors.read', 'api.connectors.invoke'],
      // The server's redirect allow-list is exact: http://localhost:1455/auth/callback, or
      // port 1457 when 1455 is taken; 127.0.0.1 is refused.
      redirectHost: 'localhost',
      redirectPort: 1455,
      fallbackPorts: [1457],
      redirectPath: '/auth/callback',
      extraAuthorizationParams: {
        id_token_add_organizations: 'true',
        codex_cli_simplified_flow: 'true',
        // codex-rs/login/src/auth/default_client.rs DEFAULT_ORIGINATOR; override with
        // [providers.openai.oauth.extra_params] originator = "…".
        originator: 'codex_cli_rs',
      },
      // Codex sends no nonce; the id_token is still read (account id, plan, email).
      oidc: false,
      deviceProtocol: 'openai-codex',
    },
  },
  anthropic: {
    id: 'anthropic',
    name: 'Claude',
    // No Claude subscription OAuth client: Anthropic blocks third-party clients (DESIGN §4).
    // `oauth` here is the generic profile for organisations that register their own client.
    methods: ['api-key', 'claude-code', 'oauth'],
    apiBase: 'https://api.anthropic.com/v1',
    apiKeyEnvironmentVariables: ['ANTHROPIC_API_KEY', 'CLAUDE_API_KEY'],
    apiKeyUrl: 'https://console.anthropic.com/settings/keys',
    apiKeyName: 'Anthropic API key',
    oauth: { scopes: ['openid', 'offline_access'], redirectPath: '/callback', oidc: true },
  },
  google: {
    id: 'google',
    name: 'Gemini',
    methods: ['oauth', 'api-key', 'gemini-cli'],
    apiBase: 'https://generativelanguage.googleapis.com/v1beta',
    apiKeyEnvironmentVariables: ['GEMINI_API_KEY', 'GOOGLE_API_KEY', 'GOOGLE_GENERATIVE_AI_API_KEY'],
    apiKeyUrl: 'https://aistudio.google.com/app/apikey',
    oauth: {
      issuer: 'https://accounts.google.com',
      authorizationEndpoint: 'https://accounts.google.com/o/oauth2/v2/auth',
      tokenEndpoint: 'https://oauth2.googleapis.com/token',
      revocationEndpoint: 'https://oauth2.googleapis.com/revoke',
      // No client is built in: set client_id/client_secret of your own Google Cloud "Desktop app"
      // client under [providers.google.oauth] (docs/providers/google.md). The scopes are those of
      // the Gemini API's OAuth guide (https://ai.google.dev/gemini-api/docs/oauth).
      scopes: [
        'https://www.googleapis.com/auth/cloud-platform',
        'https://www.googleapis.com/auth/generative-language.retriever',
        'https://www.googleapis.com/auth/userinfo.email',
        'openid',
      ],
      redirectPort: 0,
      redirectPath: '/oauth2callback',
      extraAuthorizationParams: { access_type: 'offline', prompt: 'consent' },
      oidc: true,
      deviceFlowRefusal:
        'Google\'s device flow works only with a "TVs and Limited Input devices" client and a few scopes that do not include cloud-platform or the Gemini API (https://developers.google.com/identity/protocols/oauth2/limited-input-device#allowedscopes). Use `sb auth login google --method paste` on a machine without a browser, or set device_authorization_endpoint under [providers.google.oauth] if your client is such a client with scopes it allows.',
    },
  },
  mistral: {
    id: 'mistral',
    name: 'Mistral',
    methods: ['api-key'],
    apiBase: 'https://api.mistral.ai/v1',
    apiKeyEnvironmentVariables: ['MISTRAL_API_KEY'],
    apiKeyUrl: 'https://console.mistral.ai/api-keys',
  },
  azure: {
    id: 'azure',
    name: 'Azure OpenAI',
    methods: ['client-credentials', 'api-key'],
    apiBase: 'https://YOUR-RESOURCE.openai.azure.com/openai',
    apiKeyEnvironmentVariables: ['AZURE_OPENAI_API_KEY', 'AZURE_API_KEY'],
    oauth: {
      // Replace `organizations` with your tenant id under [providers.azure.oauth].
      tokenEndpoint: 'https://login.microsoftonline.com/organizations/oauth2/v2.0/token',
      scopes: ['https://cognitiveservices.azure.com/.default'],
    },
    settings: { apiVersion: '2025-04-01-preview' },
  },
  vertex: {
    id: 'vertex',
    name: 'Vertex AI',
    // Google issues service-account tokens by the JWT-bearer grant (there is no client-credentials
    // grant), and people normally use Application Default Credentials; both via google-auth-library.
    methods: ['service-account', 'adc'],
    // `{location}-` becomes `us-central1-`, … and disappears for the `global` location.
    apiBase: 'https://{location}-aiplatform.googleapis.com/v1',
    apiKeyEnvironmentVariables: [],
    // No default location here: vertexLocation() falls back to GOOGLE_CLOUD_LOCATION, then us-central1.
  },
  bedrock: {
    id: 'bedrock',
    name: 'Amazon Bedrock',
    methods: ['aws', 'api-key'],
    // `{region}` is filled with the one region that also scopes the SigV4 signature.
    apiBase: 'https://bedrock-runtime.{region}.{dns_suffix}',
    // Bedrock API keys (https://docs.aws.amazon.com/bedrock/latest/userguide/api-keys-use.html).
    apiKeyEnvironmentVariables: ['AWS_BEARER_TOKEN_BEDROCK'],
    apiKeyUrl: 'https://console.aws.amazon.com/bedrock/home#/api-keys',
  },
};
