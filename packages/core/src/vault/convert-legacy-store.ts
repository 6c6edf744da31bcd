import { isProviderId } from '../ids.js';
import { hasVaultFormat } from './vault-envelope.js';
import { isPlainObject, parseVaultDocument } from './parse-vault-document.js';
import { emptyVaultDocument, type StoredSession, type VaultDocument } from './session.js';
import { addSession } from './session-entries.js';

/** Which older auth.json layout a document was. */
export type LegacyStoreFormat = 'single-provider' | 'codex' | 'plaintext-store';

/** The result of {@link convertLegacyStore}. */
export interface LegacyConversion {
  format: LegacyStoreFormat;
  document: VaultDocument;
}

/** Facts about the file the legacy document came from. */
export interface ConvertLegacyStoreOptions {
  /** Epoch ms, for `createdAt`/`updatedAt`. */
  now: number;
  /** The file's mtime, epoch ms: the base of a relative `expires_in`. Defaults to `now`. */
  modifiedAt?: number;
}

// Fields we map explicitly; other top-level scalars go to metadata unless they look secret.
const SINGLE_PROVIDER_FIELDS = new Set([
  'access_token',
  'refresh_token',
  'id_token',
  'expires_at',
  'expires_in',
  'account_id',
  'email',
  'plan',
  'plan_type',
  'scope',
]);
const CODEX_FIELDS = new Set(['OPENAI_API_KEY', 'tokens']);
// Never copied into metadata (which is shown by `sb auth status`); they stay in the .bak.
const SECRET_LOOKING = /token|secret|password|key|code|credential|cookie/i;
const OPENAI_AUTH_CLAIM = 'https://api.openai.com/auth';

/**
 * Maps the plaintext auth.json layouts Switchboard used to accept onto a {@link VaultDocument}:
 * a single-provider token document (`{access_token, refresh_token, …}` → an `openai` `oauth`
 * session), a Codex CLI `auth.json` (`{OPENAI_API_KEY, tokens}` → `openai` `oauth`, or
 * `api-key` without tokens) and an unencrypted `{version: 1, sessions}` store. Returns
 * `undefined` for anything else (including the encrypted format). Wire names are mapped here,
 * once, to the camelCase session fields.
 */
export function convertLegacyStore(value: unknown, options: ConvertLegacyStoreOptions): LegacyConversion | undefined {
  if (!isPlainObject(value) || hasVaultFormat(value)) return undefined;
  if (value.version === 1 && isPlainObject(value.sessions)) return convertPlaintextStore(value, options);
  if ('OPENAI_API_KEY' in value || isPlainObject(value.tokens)) return convertCodex(value, options);
  if (typeof value.access_token === 'string' || typeof value.refresh_token === 'string') {
    const document = emptyVaultDocument();
    addSession(document, tokenSession(value, value, 'legacy auth.json', SINGLE_PROVIDER_FIELDS, options));
    return { format: 'single-provider', document };
  }
  return undefined;
}

function convertCodex(value: Record<string, unknown>, options: ConvertLegacyStoreOptions): LegacyConversion {
  const document = emptyVaultDocument();
  const apiKey = nonEmptyString(value.OPENAI_API_KEY);
  const tokens = isPlainObject(value.tokens) ? value.tokens : undefined;
  if (tokens && (typeof tokens.access_token === 'string' || typeof tokens.refresh_token === 'string')) {
    addSession(document, tokenSession(tokens, value, 'codex auth.json', CODEX_FIELDS, options));
  }
  if (apiKey) {
    // The key becomes a session of its own beside the sign-in (several per provider).
    addSession(document, {
      provider: 'openai',
      method: 'api-key',
      apiKey,
      metadata: { importedFrom: 'codex auth.json', ...extraMetadata(value, CODEX_FIELDS) },
      createdAt: options.now,
      updatedAt: options.now,
    });
  }
  return { format: 'codex', document };
}

function convertPlaintextStore(
  value: Record<string, unknown>,
  options: ConvertLegacyStoreOptions,
): LegacyConversion | undefined {
  const sessions: Record<string, unknown> = {};
  for (const [name, candidate] of Object.entries(value.sessions as Record<string, unknown>)) {
    // Sessions we cannot understand are skipped here; they stay in the .bak.
    if (!isPlainObject(candidate) || typeof candidate.method !== 'string') continue;
    const provider = typeof candidate.provider === 'string' ? candidate.provider : name;
    if (!isProviderId(provider)) continue;
    sessions[provider] = {
      ...candidate,
      provider,
      metadata: isPlainObject(candidate.metadata) ? candidate.metadata : {},
      createdAt: typeof candidate.createdAt === 'number' ? candidate.createdAt : options.now,
      updatedAt: typeof candidate.updatedAt === 'number' ? candidate.updatedAt : options.now,
    };
  }
  const secrets = isPlainObject(value.secrets)
    ? Object.fromEntries(
        Object.entries(value.secrets).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
      )
    : {};
  const document = parseVaultDocument({ version: 1, sessions, secrets });
  return document ? { format: 'plaintext-store', document } : undefined;
}

function tokenSession(
  tokens: Record<string, unknown>,
  top: Record<string, unknown>,
  importedFrom: string,
  mappedFields: ReadonlySet<string>,
  options: ConvertLegacyStoreOptions,
): StoredSession {
  const accessToken = nonEmptyString(tokens.access_token);
  const idToken = nonEmptyString(tokens.id_token);
  const idClaims = jwtClaims(idToken) ?? {};
  const openaiClaims = isPlainObject(idClaims[OPENAI_AUTH_CLAIM]) ? idClaims[OPENAI_AUTH_CLAIM] : {};
  const email = nonEmptyString(tokens.email) ?? nonEmptyString(idClaims.email);
  const session: StoredSession = {
    provider: 'openai',
    method: 'oauth',
    metadata: {
      importedFrom,
      ...extraMetadata(top, mappedFields),
      ...(tokens !== top ? extraMetadata(tokens, SINGLE_PROVIDER_FIELDS, 'tokens.') : {}),
    },
    createdAt: options.now,
    updatedAt: options.now,
  };
  const accountId = nonEmptyString(tokens.account_id) ?? nonEmptyString(openaiClaims.chatgpt_account_id);
  const plan =
    nonEmptyString(tokens.plan) ?? nonEmptyString(tokens.plan_type) ?? nonEmptyString(openaiClaims.chatgpt_plan_type);
  if (email) session.metadata.email = email;
  if (accountId) session.metadata.accountId = accountId;
  if (plan) session.metadata.plan = plan;
  if (email ?? accountId) session.account = email ?? accountId;
  if (accessToken) session.accessToken = accessToken;
  const refreshToken = nonEmptyString(tokens.refresh_token);
  if (refreshToken) session.refreshToken = refreshToken;
  if (idToken) session.idToken = idToken;
  const scope = nonEmptyString(tokens.scope);
  if (scope) session.scope = scope;
  const expiresAt = expiryOf(tokens, accessToken, options);
  if (expiresAt !== undefined) session.expiresAt = expiresAt;
  return session;
}

function expiryOf(
  tokens: Record<string, unknown>,
  accessToken: string | undefined,
  options: ConvertLegacyStoreOptions,
): number | undefined {
  const { expires_at: expiresAt, expires_in: expiresIn } = tokens;
  if (typeof expiresAt === 'number' && Number.isFinite(expiresAt)) {
    // Seconds since the epoch are below 1e12 until the year 33658; milliseconds are above.
    return expiresAt < 1e12 ? Math.round(expiresAt * 1000) : Math.round(expiresAt);
  }
  if (typeof expiresAt === 'string' && !Number.isNaN(Date.parse(expiresAt))) return Date.parse(expiresAt);
  if (typeof expiresIn === 'number' && Number.isFinite(expiresIn))
    return (options.modifiedAt ?? options.now) + Math.round(expiresIn * 1000);
  const exp = jwtClaims(accessToken)?.exp;
  return typeof exp === 'number' && Number.isFinite(exp) ? exp * 1000 : undefined;
}

function extraMetadata(
  source: Record<string, unknown>,
  mappedFields: ReadonlySet<string>,
  prefix = '',
): Record<string, string> {
  const metadata: Record<string, string> = {};
  for (const [name, value] of Object.entries(source)) {
    if (mappedFields.has(name) || SECRET_LOOKING.test(name)) continue;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
      metadata[`${prefix}${name}`] = String(value);
  }
  return metadata;
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The unverified payload of a JWT: only used to label a session, never to trust it. */
function jwtClaims(token: string | undefined): Record<string, unknown> | undefined {
  const payload = token?.split('.')[1];
  if (!payload) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    return isPlainObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
