import { join } from 'node:path';
import type { Environment } from '../../config/environment.js';
import { decodeJwtClaims, jwtAudience } from './decode-jwt-claims.js';
import { directoryFromEnvironment, importedSession } from './imported-session.js';
import type { ImportReaderOptions, SourceFinding } from './import-types.js';
import { isRecord, numberField, stringField, type JsonRecord } from './json-value.js';
import { parseDotenv } from './parse-dotenv.js';
import { pathExists } from '../../config/path-exists.js';
import { readJsonSourceFile, readSourceFile } from './read-source-file.js';

/** Where Gemini CLI keeps its user files. */
export interface GeminiPaths {
  /** `$GEMINI_CLI_HOME/.gemini`, default `~/.gemini`. */
  directory: string;
  /** google-auth-library `Credentials` of the Google sign-in. */
  oauthCredentials: string;
  /** User-level dotenv file; may hold `GEMINI_API_KEY`. */
  dotenv: string;
  /** `{ active: email | null, old: string[] }`. */
  googleAccounts: string;
  /** Encrypted store newer versions may use instead of `oauth_creds.json`. */
  encryptedCredentials: string;
}

/** Gemini CLI's files. `GEMINI_CLI_HOME` replaces the home directory (the `.gemini` folder lives inside it). */
export function geminiPaths(environment: Environment, homeDirectory: string): GeminiPaths {
  const directory = join(directoryFromEnvironment(environment, 'GEMINI_CLI_HOME') ?? homeDirectory, '.gemini');
  return {
    directory,
    oauthCredentials: join(directory, 'oauth_creds.json'),
    dotenv: join(directory, '.env'),
    googleAccounts: join(directory, 'google_accounts.json'),
    encryptedCredentials: join(directory, 'gemini-credentials.json'),
  };
}

/**
 * Reads the Gemini CLI login: the Google sign-in in `oauth_creds.json` (access_token,
 * refresh_token, scope, token_type, id_token, expiry_date in ms) becomes a `google`
 * `oauth` session; a `GEMINI_API_KEY` in `.gemini/.env` becomes a `google` `api-key` one.
 */
export async function readGeminiAuth(options: ImportReaderOptions): Promise<SourceFinding[]> {
  const paths = geminiPaths(options.environment, options.homeDirectory);
  const findings: SourceFinding[] = [];

  const oauth = await readOAuthCredentials(paths, options);
  if (oauth) findings.push(oauth);

  const dotenv = await readSourceFile(paths.dotenv);
  if (dotenv.status === 'error') {
    findings.push({
      source: 'gemini',
      provider: 'google',
      method: 'api-key',
      path: paths.dotenv,
      status: 'error',
      detail: dotenv.detail,
    });
  } else if (dotenv.status === 'ok') {
    const apiKey = parseDotenv(dotenv.value).GEMINI_API_KEY?.trim();
    if (apiKey) {
      findings.push({
        source: 'gemini',
        provider: 'google',
        method: 'api-key',
        path: paths.dotenv,
        status: 'found',
        detail: 'Gemini API key (GEMINI_API_KEY)',
        session: importedSession(
          { provider: 'google', method: 'api-key', apiKey },
          { source: 'gemini', path: paths.dotenv, now: options.now },
        ),
      });
    }
  }

  if (findings.length === 0) {
    const encrypted = await pathExists(paths.encryptedCredentials);
    findings.push({
      source: 'gemini',
      provider: 'google',
      path: paths.oauthCredentials,
      status: 'not-found',
      detail: encrypted
        ? `no readable Gemini CLI login: it keeps its sign-in in its own encrypted store (${paths.encryptedCredentials}); run \`sb auth login gemini\``
        : `no Gemini CLI login: neither ${paths.oauthCredentials} nor a GEMINI_API_KEY in ${paths.dotenv}`,
    });
  }
  return findings;
}

async function readOAuthCredentials(
  paths: GeminiPaths,
  options: ImportReaderOptions,
): Promise<SourceFinding | undefined> {
  const path = paths.oauthCredentials;
  const base = { source: 'gemini', provider: 'google', method: 'oauth', path } as const;
  const read = await readJsonSourceFile(path);
  if (read.status === 'missing') return undefined;
  if (read.status === 'error') return { ...base, status: 'error', detail: read.detail };
  const credentials = read.value;
  if (!isRecord(credentials)) return { ...base, status: 'error', detail: `${path} is not a JSON object` };
  const shapeError = checkShape(credentials);
  if (shapeError) return { ...base, status: 'error', detail: `${path}: ${shapeError}` };

  const accessToken = stringField(credentials, 'access_token');
  const refreshToken = stringField(credentials, 'refresh_token');
  const expiresAt = numberField(credentials, 'expiry_date');
  if (!accessToken && !refreshToken)
    return { ...base, status: 'error', detail: `${path} holds neither an access_token nor a refresh_token` };
  if (!refreshToken && (!accessToken || (expiresAt !== undefined && expiresAt <= options.now()))) {
    return {
      ...base,
      status: 'skipped',
      detail: `the Google sign-in in ${path} has expired and holds no refresh token; run \`sb auth login gemini\``,
    };
  }

  const idToken = stringField(credentials, 'id_token');
  const idClaims = decodeJwtClaims(idToken);
  const email = stringField(idClaims, 'email') ?? (await activeGoogleAccount(paths.googleAccounts));
  const session = importedSession(
    {
      provider: 'google',
      method: 'oauth',
      account: email,
      accessToken,
      refreshToken,
      idToken,
      expiresAt,
      scope: stringField(credentials, 'scope'),
      metadata: {
        email,
        // Google binds a refresh token to the client that obtained it (Gemini CLI's own).
        oauthClientId: jwtAudience(idClaims),
      },
    },
    { source: 'gemini', path, now: options.now },
  );
  return { ...base, status: 'found', detail: `Google sign-in${email ? ` (${email})` : ''}`, session };
}

function checkShape(credentials: JsonRecord): string | undefined {
  for (const field of ['access_token', 'refresh_token', 'scope', 'token_type', 'id_token']) {
    const value = credentials[field];
    if (value !== undefined && value !== null && typeof value !== 'string') return `${field} must be a string`;
  }
  const expiry = credentials.expiry_date;
  if (expiry !== undefined && expiry !== null && (typeof expiry !== 'number' || !Number.isFinite(expiry))) {
    return 'expiry_date must be a number (epoch milliseconds)';
  }
  return undefined;
}

/** The signed-in account Gemini CLI records beside its credentials. */
async function activeGoogleAccount(path: string): Promise<string | undefined> {
  const read = await readJsonSourceFile(path);
  return read.status === 'ok' && isRecord(read.value) ? stringField(read.value, 'active') : undefined;
}
