import {
  apiKeyProblem,
  isProviderId,
  SwitchboardError,
  type ProviderId,
  type ResolvedCredential,
} from '@switchboard/core';

/** A provider credential as the team stores it: an API key, or AWS keys for Bedrock. */
export type TeamSecret =
  | { method: 'api-key'; apiKey: string }
  | { method: 'aws'; accessKeyId: string; secretAccessKey: string; sessionToken?: string; region?: string };

/** The methods a team credential may have. */
export const TEAM_SECRET_METHODS = ['api-key', 'aws'] as const;

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
  const method = fields['method'] ?? 'api-key';
  if (method === 'api-key') return { provider, secret: { method, apiKey: field(fields, 'apiKey', true)! } };
  if (method === 'aws' && provider === 'bedrock') {
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
  throw new SwitchboardError(
    'INVALID_REQUEST',
    `method must be "api-key"${provider === 'bedrock' ? ' or "aws"' : ''} for ${provider}.`,
    { status: 400 },
  );
}

/** What people may see of a secret: its last four characters. */
export function secretHint(secret: TeamSecret): string {
  const visible = secret.method === 'api-key' ? secret.apiKey : secret.accessKeyId;
  return visible.length >= 12 ? `…${visible.slice(-4)}` : '…';
}

/** The credential a stored secret puts on a request. */
export function credentialOf(provider: ProviderId, secret: TeamSecret): ResolvedCredential {
  return secret.method === 'api-key'
    ? { provider, method: 'api-key', apiKey: secret.apiKey, source: 'session' }
    : { provider, ...secret };
}

/** Reads a secret back from its JSON (as sealed). */
export function readTeamSecret(json: string): TeamSecret {
  const value = JSON.parse(json) as TeamSecret;
  if (value.method !== 'api-key' && value.method !== 'aws')
    throw new SwitchboardError('STORE_CORRUPT', 'A stored credential is damaged; save it again.');
  return value;
}
