import {
  apiKeyProblem,
  isProviderId,
  parseServiceAccountKey,
  SwitchboardError,
  type ProviderId,
  type ResolvedCredential,
} from '@switchboard/core';

/**
 * A provider credential as the team stores it: an API key; AWS keys for Bedrock; a Google
 * service-account key file for Vertex; an Entra ID app (client credentials) for Azure OpenAI.
 * The last two are exchanged for short-lived access tokens (`createTokenMinter`).
 */
export type TeamSecret =
  | { method: 'api-key'; apiKey: string }
  | { method: 'aws'; accessKeyId: string; secretAccessKey: string; sessionToken?: string; region?: string }
  | { method: 'service-account'; serviceAccountKey: string }
  | { method: 'client-credentials'; clientId: string; clientSecret: string; tenantId?: string };

/** The methods a team credential may have. */
export const TEAM_SECRET_METHODS = ['api-key', 'aws', 'service-account', 'client-credentials'] as const;

/** The secrets that are exchanged for access tokens before use. */
export type TokenSecret = Extract<TeamSecret, { method: 'service-account' | 'client-credentials' }>;

/** Whether `secret` is used through short-lived access tokens. */
export function isTokenSecret(secret: TeamSecret): secret is TokenSecret {
  return secret.method === 'service-account' || secret.method === 'client-credentials';
}

const TENANT = /^[A-Za-z0-9.-]{1,100}$/;

/** The ways the team can keep a credential for `provider`: an API key, and each cloud's own. */
export function teamSecretMethodsOf(provider: ProviderId): TeamSecret['method'][] {
  // Vertex takes no API key: Google's keys are the `google` provider's (the Gemini API).
  if (provider === 'vertex') return ['service-account'];
  if (provider === 'bedrock') return ['api-key', 'aws'];
  if (provider === 'azure') return ['api-key', 'client-credentials'];
  return ['api-key'];
}

function field(body: Record<string, unknown>, name: string, required: boolean): string | undefined {
  const value = body[name];
  if (value === undefined && !required) return undefined;
  if (typeof value !== 'string' || value.trim() === '')
    throw new SwitchboardError('INVALID_REQUEST', `${name} must be a non-empty string.`, { status: 400 });
  const problem = apiKeyProblem(value.trim());
  if (problem) throw new SwitchboardError('INVALID_REQUEST', `${name} ${problem}.`, { status: 400 });
  return value.trim();
}

/**
 * Checks a request body `{ method?, apiKey }` or `{ method: "aws", accessKeyId, secretAccessKey,
 * sessionToken?, region? }` for `provider`. Messages never quote a value.
 * @throws SwitchboardError `INVALID_REQUEST` (400).
 */
export function parseTeamSecret(provider: string, body: unknown): { provider: ProviderId; secret: TeamSecret } {
  if (!isProviderId(provider))
    throw new SwitchboardError('INVALID_REQUEST', `Unknown provider "${provider}".`, { status: 400 });
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new SwitchboardError('INVALID_REQUEST', 'The body must be a JSON object.', { status: 400 });
  const fields = body as Record<string, unknown>;
  const method = fields['method'] ?? teamSecretMethodsOf(provider)[0];
  if (!(teamSecretMethodsOf(provider) as unknown[]).includes(method)) {
    const methods = teamSecretMethodsOf(provider).map((name) => `"${name}"`);
    throw new SwitchboardError('INVALID_REQUEST', `method must be ${methods.join(' or ')} for ${provider}.`, {
      status: 400,
    });
  }
  if (method === 'api-key') return { provider, secret: { method, apiKey: field(fields, 'apiKey', true)! } };
  if (method === 'aws') {
    const sessionToken = field(fields, 'sessionToken', false);
    const region = field(fields, 'region', false);
    return {
      provider,
      secret: {
        method,
        accessKeyId: field(fields, 'accessKeyId', true)!,
        secretAccessKey: field(fields, 'secretAccessKey', true)!,
        ...(sessionToken ? { sessionToken } : {}),
        ...(region ? { region } : {}),
      },
    };
  }
  if (method === 'service-account') {
    const key = fields['serviceAccountKey'];
    const text = typeof key === 'string' ? key : key !== null && typeof key === 'object' ? JSON.stringify(key) : '';
    try {
      parseServiceAccountKey(text);
    } catch (error) {
      throw new SwitchboardError('INVALID_REQUEST', `serviceAccountKey: ${(error as Error).message}`, { status: 400 });
    }
    return { provider, secret: { method, serviceAccountKey: text } };
  }
  if (method === 'client-credentials') {
    const tenantId = fields['tenantId'];
    if (tenantId !== undefined && (typeof tenantId !== 'string' || !TENANT.test(tenantId)))
      throw new SwitchboardError('INVALID_REQUEST', 'tenantId must be the Entra ID tenant (id or domain).', {
        status: 400,
      });
    return {
      provider,
      secret: {
        method,
        clientId: field(fields, 'clientId', true)!,
        clientSecret: field(fields, 'clientSecret', true)!,
        ...(tenantId ? { tenantId } : {}),
      },
    };
  }
  throw new SwitchboardError('INVALID_REQUEST', `method ${String(method)} cannot be stored for ${provider}.`, {
    status: 400,
  });
}

/** What people may see of a secret: its last four characters. */
export function secretHint(secret: TeamSecret): string {
  // The key's id, or the app's client id, for the secrets behind which a private key stands.
  const visible =
    secret.method === 'service-account'
      ? (parseServiceAccountKey(secret.serviceAccountKey).privateKeyId ?? '')
      : secret.method === 'client-credentials'
        ? secret.clientId
        : secret.method === 'api-key'
          ? secret.apiKey
          : secret.accessKeyId;
  return visible.length >= 12 ? `…${visible.slice(-4)}` : '…';
}

/** The credential a stored secret puts on a request, for the secrets used as they are. */
export function credentialOf(provider: ProviderId, secret: Exclude<TeamSecret, TokenSecret>): ResolvedCredential {
  return secret.method === 'api-key'
    ? { provider, method: 'api-key', apiKey: secret.apiKey, source: 'session' }
    : { provider, ...secret };
}

/** Reads a secret back from its JSON (as sealed). */
export function readTeamSecret(json: string): TeamSecret {
  const value = JSON.parse(json) as TeamSecret;
  if (!(TEAM_SECRET_METHODS as readonly string[]).includes(value.method))
    throw new SwitchboardError('STORE_CORRUPT', 'A stored credential is damaged; save it again.');
  return value;
}
