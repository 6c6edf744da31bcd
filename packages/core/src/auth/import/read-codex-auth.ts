import { dirname, join } from 'node:path';
import type { Environment } from '../../config/environment.js';
import { decodeJwtClaims, jwtAudience, jwtExpiresAt } from './decode-jwt-claims.js';
import { directoryFromEnvironment, importedSession } from './imported-session.js';
import type { ImportReaderOptions, SourceFinding } from './import-types.js';
import { isRecord, recordField, stringField, type JsonRecord } from './json-value.js';
import { readJsonSourceFile, readSourceFile } from './read-source-file.js';

/** Claim namespaces of OpenAI's id and access tokens. */
const OPENAI_AUTH_CLAIM = 'https://api.openai.com/auth';
const OPENAI_PROFILE_CLAIM = 'https://api.openai.com/profile';

/** `$CODEX_HOME/auth.json`, default `~/.codex/auth.json`. */
export function codexAuthPath(environment: Environment, homeDirectory: string): string {
  return join(directoryFromEnvironment(environment, 'CODEX_HOME') ?? join(homeDirectory, '.codex'), 'auth.json');
}

/**
 * Reads the Codex CLI login (`$CODEX_HOME/auth.json`):
 * `{ "auth_mode"?, "OPENAI_API_KEY": string|null, "tokens": { id_token, access_token,
 * refresh_token, account_id? } | null, "last_refresh"? }`. A ChatGPT sign-in becomes an
 * `openai` `oauth` session (email, plan and account id from the id_token claims, expiry
 * from the access token's `exp`); otherwise the API key becomes an `api-key` session.
 */
export async function readCodexAuth(options: ImportReaderOptions): Promise<SourceFinding[]> {
  const path = codexAuthPath(options.environment, options.homeDirectory);
  const base = { source: 'codex', path, provider: 'openai' } as const;
  const read = await readJsonSourceFile(path);
  if (read.status === 'missing') {
    return [
      { ...base, status: 'not-found', detail: `no Codex login: ${path} does not exist${await keychainHint(path)}` },
    ];
  }
  if (read.status === 'error') return [{ ...base, status: 'error', detail: read.detail }];

  const document = read.value;
  if (!isRecord(document)) return [{ ...base, status: 'error', detail: `${path} is not a JSON object` }];
  const shapeError = checkShape(document);
  if (shapeError) return [{ ...base, status: 'error', detail: `${path}: ${shapeError}` }];

  const apiKey = stringField(document, 'OPENAI_API_KEY');
  const tokens = recordField(document, 'tokens');
  const accessToken = stringField(tokens, 'access_token');
  const prefersApiKey = normalizeMode(document.auth_mode) === 'apikey';

  const findings: SourceFinding[] = [];
  const signIn = accessToken && tokens ? chatGptFinding(tokens, accessToken, document, path, options) : undefined;
  const key = apiKey
    ? {
        ...base,
        status: 'found' as const,
        method: 'api-key' as const,
        detail: 'OpenAI API key',
        session: importedSession(
          { provider: 'openai', method: 'api-key', apiKey },
          { source: 'codex', path, now: options.now },
        ),
      }
    : undefined;

  if (signIn && key) {
    const [taken, left] = prefersApiKey ? [key, signIn] : [signIn, key];
    findings.push(taken, {
      ...base,
      status: 'skipped',
      method: left.method,
      detail: `${path} also holds ${left.detail}; Codex uses the ${taken.method === 'api-key' ? 'API key' : 'ChatGPT sign-in'}, so that one was taken`,
    });
  } else if (signIn ?? key) {
    findings.push((signIn ?? key) as SourceFinding);
  } else {
    findings.push({ ...base, status: 'not-found', detail: `${path} holds neither a ChatGPT sign-in nor an API key` });
  }
  return findings;
}

function chatGptFinding(
  tokens: JsonRecord,
  accessToken: string,
  document: JsonRecord,
  path: string,
  options: ImportReaderOptions,
): SourceFinding {
  const idToken = stringField(tokens, 'id_token');
  const idClaims = decodeJwtClaims(idToken);
  const accessClaims = decodeJwtClaims(accessToken);
  const authClaims = recordField(idClaims, OPENAI_AUTH_CLAIM) ?? recordField(accessClaims, OPENAI_AUTH_CLAIM);
  const email =
    stringField(idClaims, 'email') ??
    stringField(recordField(idClaims, OPENAI_PROFILE_CLAIM), 'email') ??
    stringField(recordField(accessClaims, OPENAI_PROFILE_CLAIM), 'email');
  const plan = stringField(authClaims, 'chatgpt_plan_type');
  const session = importedSession(
    {
      provider: 'openai',
      method: 'oauth',
      account: email,
      accessToken,
      refreshToken: stringField(tokens, 'refresh_token'),
      idToken,
      expiresAt: jwtExpiresAt(accessClaims),
      metadata: {
        email,
        plan,
        accountId: stringField(tokens, 'account_id') ?? stringField(authClaims, 'chatgpt_account_id'),
        // The refresh token only works with the client that obtained it.
        oauthClientId: jwtAudience(idClaims),
        lastRefresh: stringField(document, 'last_refresh'),
      },
    },
    { source: 'codex', path, now: options.now },
  );
  const facts = [email, plan ? `plan ${plan}` : undefined].filter(Boolean).join(', ');
  return {
    source: 'codex',
    path,
    provider: 'openai',
    method: 'oauth',
    status: 'found',
    detail: `ChatGPT sign-in${facts ? ` (${facts})` : ''}`,
    session,
  };
}

/** A field-level description of what is wrong, naming fields only, never values. */
function checkShape(document: JsonRecord): string | undefined {
  const apiKey = document.OPENAI_API_KEY;
  if (apiKey !== undefined && apiKey !== null && typeof apiKey !== 'string')
    return 'OPENAI_API_KEY must be a string or null';
  const tokens = document.tokens;
  if (tokens === undefined || tokens === null) return undefined;
  if (!isRecord(tokens)) return '"tokens" must be an object or null';
  for (const field of ['id_token', 'access_token', 'refresh_token', 'account_id']) {
    const value = tokens[field];
    if (value !== undefined && value !== null && typeof value !== 'string') return `tokens.${field} must be a string`;
  }
  if (typeof tokens.access_token !== 'string' || tokens.access_token === '') return 'tokens.access_token is missing';
  return undefined;
}

function normalizeMode(mode: unknown): string | undefined {
  return typeof mode === 'string' ? mode.toLowerCase().replace(/[^a-z]/g, '') : undefined;
}

/** Codex can keep its login in the OS keychain instead (`cli_auth_credentials_store`). */
async function keychainHint(authPath: string): Promise<string> {
  const config = await readSourceFile(join(dirname(authPath), 'config.toml'));
  if (config.status !== 'ok') return '';
  return /^\s*cli_auth_credentials_store\s*=\s*["'](keyring|auto)["']/m.test(config.value)
    ? ' (Codex is set to keep its login in the OS keychain, which Switchboard does not read; run `sb auth login openai`)'
    : '';
}
