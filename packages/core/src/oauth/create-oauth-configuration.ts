import type { ClientAuth, Configuration, CustomFetch, ServerMetadata } from 'openid-client';
import type { OAuthProfile } from '../catalog/provider-profiles.js';
import { SwitchboardError } from '../errors.js';
import { deriveIssuerEndpoints } from './derive-issuer-endpoints.js';
import { mapOAuthError } from './map-oauth-error.js';
import { normalizeErrorObjectResponse } from './normalize-error-object-response.js';

/** The server endpoints an OAuth operation may need. */
export type OAuthEndpointName = 'authorization' | 'token' | 'deviceAuthorization' | 'revocation';

/** How a client secret is sent to the token endpoint. */
export type ClientSecretMethod = 'client_secret_post' | 'client_secret_basic';

/** What every OAuth operation needs to reach the authorization server. */
export interface OAuthConnectionOptions {
  profile: OAuthProfile;
  /** The fetch used for every request to the authorization server. */
  fetch: typeof globalThis.fetch;
  /** Provider id, used in error messages and hints (`sb auth login <provider>`). */
  provider?: string;
  /**
   * How a client secret is sent, when the profile has one. Default: `client_secret_post`,
   * unless discovery says the server only supports `client_secret_basic`.
   */
  clientSecretMethod?: ClientSecretMethod;
}

/** Options of {@link createOAuthConfiguration}. */
export interface CreateOAuthConfigurationOptions extends OAuthConnectionOptions {
  /** Endpoints the operation needs; discovery runs when one is missing. Default `['token']`. */
  requiredEndpoints?: OAuthEndpointName[];
  /** Aborts discovery and every later request made with the configuration. */
  signal?: AbortSignal;
}

const PROFILE_ENDPOINT_KEYS = {
  authorization: 'authorizationEndpoint',
  token: 'tokenEndpoint',
  deviceAuthorization: 'deviceAuthorizationEndpoint',
  revocation: 'revocationEndpoint',
} as const satisfies Record<OAuthEndpointName, keyof OAuthProfile>;

const METADATA_KEYS = {
  authorization: 'authorization_endpoint',
  token: 'token_endpoint',
  deviceAuthorization: 'device_authorization_endpoint',
  revocation: 'revocation_endpoint',
} as const satisfies Record<OAuthEndpointName, keyof ServerMetadata>;

const CONFIG_KEYS: Record<OAuthEndpointName, string> = {
  authorization: 'authorization_endpoint',
  token: 'token_endpoint',
  deviceAuthorization: 'device_authorization_endpoint',
  revocation: 'revocation_endpoint',
};

/** True for http(s) URLs whose host is a loopback address (127.0.0.0/8, localhost, ::1). */
export function isLoopbackUrl(url: URL): boolean {
  const host = url.hostname;
  return host === 'localhost' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
}

/**
 * Builds an openid-client `Configuration` from an {@link OAuthProfile}.
 *
 * Runs discovery (`<issuer>/.well-known/openid-configuration`, then the RFC 8414 path) only
 * when `issuer` is set and one of the required endpoints is missing; otherwise the server
 * metadata is built from the explicit endpoints (e.g. Azure's token endpoint). Explicit
 * endpoints always win over discovered ones. Plain-http URLs are allowed only for loopback
 * hosts. Public clients authenticate with `none`, clients with a secret with
 * `client_secret_post` or `client_secret_basic`.
 *
 * openid-client is loaded lazily so importing core stays cheap for the CLI.
 * @throws SwitchboardError `INVALID_CONFIG` for a profile that cannot work, or the mapped
 *   discovery failure (`NETWORK`, `TIMEOUT`, `PROVIDER_UNAVAILABLE`, …).
 */
export async function createOAuthConfiguration(options: CreateOAuthConfigurationOptions): Promise<Configuration> {
  const profile = deriveIssuerEndpoints(options.profile);
  const client = await import('openid-client');
  const requiredEndpoints = options.requiredEndpoints ?? ['token'];
  const where = `[providers.${options.provider ?? '<provider>'}.oauth]`;

  const clientId = profile.clientId;
  if (!clientId) {
    throw new SwitchboardError(
      'INVALID_CONFIG',
      `No OAuth client id is configured. Set client_id under ${where} in config.toml.`,
      {
        provider: options.provider,
        isRetryable: false,
      },
    );
  }

  const explicitUrls = [profile.issuer, ...Object.values(PROFILE_ENDPOINT_KEYS).map((key) => profile[key])].filter(
    (value): value is string => typeof value === 'string' && value.length > 0,
  );
  const insecure = checkTransport(explicitUrls, where, options.provider);

  const customFetch: CustomFetch = (url, init) => {
    const signal = options.signal
      ? AbortSignal.any([options.signal, ...(init.signal ? [init.signal] : [])])
      : init.signal;
    return options.fetch(url, { ...init, ...(signal ? { signal } : {}) }).then(normalizeErrorObjectResponse);
  };

  const missing = requiredEndpoints.filter((name) => !profile[PROFILE_ENDPOINT_KEYS[name]]);
  let discovered: ServerMetadata | undefined;
  if (missing.length > 0) {
    if (!profile.issuer) {
      throw new SwitchboardError(
        'INVALID_CONFIG',
        `The OAuth settings lack ${missing.map((name) => CONFIG_KEYS[name]).join(', ')} and no issuer to discover them from. Set them (or issuer) under ${where} in config.toml.`,
        { provider: options.provider, isRetryable: false },
      );
    }
    // OIDC issuers publish /.well-known/openid-configuration, plain OAuth servers the
    // RFC 8414 document; try the likelier one first and the other when it is not found.
    const algorithms = profile.oidc === false ? (['oauth2', 'oidc'] as const) : (['oidc', 'oauth2'] as const);
    let firstError: unknown;
    for (const algorithm of algorithms) {
      try {
        const discovery = await client.discovery(new URL(profile.issuer), clientId, undefined, undefined, {
          algorithm,
          [client.customFetch]: customFetch,
          ...(insecure ? { execute: [client.allowInsecureRequests] } : {}),
        });
        discovered = { ...discovery.serverMetadata() };
        break;
      } catch (error) {
        firstError ??= error;
        const mapped = mapOAuthError(error, {
          operation: 'discovery',
          provider: options.provider,
          signal: options.signal,
        });
        if (mapped.status !== 404)
          throw mapOAuthError(firstError, {
            operation: 'discovery',
            provider: options.provider,
            signal: options.signal,
          });
      }
    }
    if (!discovered)
      throw mapOAuthError(firstError, { operation: 'discovery', provider: options.provider, signal: options.signal });
  }

  // A mutable copy: explicit endpoints are written over the discovered ones.
  const metadata: { -readonly [Key in keyof ServerMetadata]: ServerMetadata[Key] } = {
    ...discovered,
    issuer: discovered?.issuer ?? profile.issuer ?? '',
  };
  for (const name of Object.keys(PROFILE_ENDPOINT_KEYS) as OAuthEndpointName[]) {
    const explicit = profile[PROFILE_ENDPOINT_KEYS[name]];
    if (explicit) metadata[METADATA_KEYS[name]] = explicit;
  }
  if (!metadata.issuer) {
    // Token-endpoint-only profiles (Azure, Vertex) have no issuer; nothing validates one there.
    metadata.issuer = new URL(metadata.token_endpoint ?? explicitUrls[0] ?? 'https://invalid.').origin;
  }
  const stillMissing = requiredEndpoints.filter((name) => !metadata[METADATA_KEYS[name]]);
  if (stillMissing.length > 0) {
    throw new SwitchboardError(
      'UNSUPPORTED_METHOD',
      `The authorization server ${metadata.issuer} does not offer ${stillMissing.map((name) => CONFIG_KEYS[name]).join(', ')}. Set it under ${where} in config.toml or use another login method.`,
      { provider: options.provider, isRetryable: false },
    );
  }
  // Discovered endpoints must obey the same transport rule as configured ones.
  checkTransport(
    Object.values(METADATA_KEYS)
      .map((key) => metadata[key])
      .filter((value): value is string => typeof value === 'string'),
    where,
    options.provider,
  );

  const clientAuthentication = chooseClientAuthentication(
    client,
    profile.clientSecret,
    metadata,
    options.clientSecretMethod,
  );
  const configuration = new client.Configuration(
    metadata,
    clientId,
    profile.clientSecret === undefined ? undefined : { client_secret: profile.clientSecret },
    clientAuthentication,
  );
  configuration[client.customFetch] = customFetch;
  if (insecure) client.allowInsecureRequests(configuration);
  return configuration;
}

/** Returns whether plain http is needed; throws when it is asked for a non-loopback host. */
function checkTransport(urls: string[], where: string, provider: string | undefined): boolean {
  let insecure = false;
  for (const value of urls) {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw new SwitchboardError('INVALID_CONFIG', `An OAuth URL under ${where} is not a valid URL.`, {
        provider,
        isRetryable: false,
      });
    }
    if (url.protocol === 'https:') continue;
    if (url.protocol === 'http:' && isLoopbackUrl(url)) {
      insecure = true;
      continue;
    }
    throw new SwitchboardError(
      'INVALID_CONFIG',
      `OAuth endpoints must use https (plain http only for 127.0.0.1/localhost); ${url.origin} does not. Fix it under ${where} in config.toml.`,
      { provider, isRetryable: false },
    );
  }
  return insecure;
}

function chooseClientAuthentication(
  client: typeof import('openid-client'),
  clientSecret: string | undefined,
  metadata: ServerMetadata,
  preferred: ClientSecretMethod | undefined,
): ClientAuth {
  if (clientSecret === undefined) return client.None();
  const supported = metadata.token_endpoint_auth_methods_supported;
  const method =
    preferred ??
    (supported && !supported.includes('client_secret_post') && supported.includes('client_secret_basic')
      ? 'client_secret_basic'
      : 'client_secret_post');
  return method === 'client_secret_basic'
    ? client.ClientSecretBasic(clientSecret)
    : client.ClientSecretPost(clientSecret);
}
