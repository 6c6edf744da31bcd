import { join } from 'node:path';
import type { Environment } from '../../config/environment.js';
import { directoryFromEnvironment, importedSession } from './imported-session.js';
import type { ImportReaderOptions, SourceFinding } from './import-types.js';
import { isRecord, stringField } from './json-value.js';
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
 * Reads the Gemini CLI login: a Google sign-in (`oauth_creds.json` or the encrypted store)
 * becomes a `google` `gemini-cli` bridge session holding no token; a `GEMINI_API_KEY` in
 * `.gemini/.env` becomes a `google` `api-key` one.
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
    findings.push({
      source: 'gemini',
      provider: 'google',
      path: paths.oauthCredentials,
      status: 'not-found',
      detail: `no Gemini CLI login: neither ${paths.oauthCredentials} nor a GEMINI_API_KEY in ${paths.dotenv}`,
    });
  }
  return findings;
}

/**
 * Gemini CLI's Google sign-in enables the `gemini-cli` bridge; its tokens are never read or
 * copied. Google forbids third-party apps to use Gemini CLI's OAuth client or tokens, or Code
 * Assist, directly (google-gemini/gemini-cli discussion 22970; accounts have been disabled for
 * it), while running `gemini` headless as an integration is allowed. Only the file's existence
 * and the account name Gemini CLI records beside it are used.
 */
async function readOAuthCredentials(
  paths: GeminiPaths,
  options: ImportReaderOptions,
): Promise<SourceFinding | undefined> {
  const stored = (await pathExists(paths.oauthCredentials))
    ? paths.oauthCredentials
    : (await pathExists(paths.encryptedCredentials))
      ? paths.encryptedCredentials
      : undefined;
  if (stored === undefined) return undefined;
  const email = await activeGoogleAccount(paths.googleAccounts);
  const session = importedSession(
    { provider: 'google', method: 'gemini-cli', account: email ?? 'Gemini CLI', metadata: { email } },
    { source: 'gemini', path: stored, now: options.now },
  );
  return {
    source: 'gemini',
    provider: 'google',
    method: 'gemini-cli',
    path: stored,
    status: 'found',
    detail: `Gemini CLI sign-in${email ? ` (${email})` : ''}`,
    note: 'requests go through your own `gemini` CLI (the gemini-cli bridge); its tokens were not read or copied',
    session,
  };
}

/** The signed-in account Gemini CLI records beside its credentials. */
async function activeGoogleAccount(path: string): Promise<string | undefined> {
  const read = await readJsonSourceFile(path);
  return read.status === 'ok' && isRecord(read.value) ? stringField(read.value, 'active') : undefined;
}
