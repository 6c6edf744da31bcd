import { join } from 'node:path';
import type { Environment } from '../../config/environment.js';
import { directoryFromEnvironment, importedSession } from './imported-session.js';
import type { ImportReaderOptions, SourceFinding } from './import-types.js';
import { isRecord, recordField, stringField } from './json-value.js';
import { pathExists } from '../../config/path-exists.js';
import { readJsonSourceFile } from './read-source-file.js';

/** Where Claude Code keeps its login. */
export interface ClaudeCodePaths {
  /** `$CLAUDE_CONFIG_DIR`, default `~/.claude`. */
  configDirectory: string;
  /** OAuth tokens (Linux, Windows; macOS uses the keychain). Only its existence is checked. */
  credentials: string;
  /** Global state with `oauthAccount` (`$CLAUDE_CONFIG_DIR/.claude.json` or `~/.claude.json`). */
  globalConfig: string;
  /** Older name of the global state file inside the config directory; preferred when present. */
  legacyGlobalConfig: string;
}

/** Claude Code's files, honoring `CLAUDE_CONFIG_DIR`. */
export function claudeCodePaths(environment: Environment, homeDirectory: string): ClaudeCodePaths {
  const relocated = directoryFromEnvironment(environment, 'CLAUDE_CONFIG_DIR');
  const configDirectory = relocated ?? join(homeDirectory, '.claude');
  return {
    configDirectory,
    credentials: join(configDirectory, '.credentials.json'),
    globalConfig: join(relocated ?? homeDirectory, '.claude.json'),
    legacyGlobalConfig: join(configDirectory, '.config.json'),
  };
}

/** `.claude.json` also holds project history; it can grow far beyond a credentials file. */
const GLOBAL_CONFIG_MAX_BYTES = 64 * 1024 * 1024;

/**
 * Detects a Claude Code login: `.credentials.json` exists, or the global state file has an
 * `oauthAccount` (or a Console `primaryApiKey`). The result is an `anthropic` session with
 * method `claude-code` that holds NO token: requests are delegated to the user's own
 * `claude` CLI, and Claude Code's tokens are never read (DESIGN §4). The account email
 * (`oauthAccount.emailAddress`) is kept for display.
 */
export async function detectClaudeCode(options: ImportReaderOptions): Promise<SourceFinding[]> {
  const paths = claudeCodePaths(options.environment, options.homeDirectory);
  const hasCredentials = await pathExists(paths.credentials);
  const globalConfigPath = (await pathExists(paths.legacyGlobalConfig)) ? paths.legacyGlobalConfig : paths.globalConfig;
  const base = { source: 'claude', provider: 'anthropic', method: 'claude-code' } as const;

  const read = await readJsonSourceFile(globalConfigPath, { maxBytes: GLOBAL_CONFIG_MAX_BYTES });
  if (read.status === 'error' && !hasCredentials)
    return [{ ...base, path: globalConfigPath, status: 'error', detail: read.detail }];
  const state = read.status === 'ok' && isRecord(read.value) ? read.value : undefined;
  if (read.status === 'ok' && !state && !hasCredentials) {
    return [{ ...base, path: globalConfigPath, status: 'error', detail: `${globalConfigPath} is not a JSON object` }];
  }

  const account = recordField(state, 'oauthAccount');
  const email = stringField(account, 'emailAddress');
  const accountId = stringField(account, 'accountUuid');
  // Presence only: the key's value is never copied.
  const hasConsoleKey = stringField(state, 'primaryApiKey') !== undefined;
  if (!hasCredentials && !email && !accountId && !hasConsoleKey) {
    return [
      {
        ...base,
        path: paths.credentials,
        status: 'not-found',
        detail: `no Claude Code login: neither ${paths.credentials} nor an oauthAccount in ${globalConfigPath}`,
      },
    ];
  }

  const path = hasCredentials ? paths.credentials : globalConfigPath;
  const unreadable = read.status === 'error' ? ` (the account name could not be read: ${read.detail})` : '';
  const session = importedSession(
    {
      provider: 'anthropic',
      method: 'claude-code',
      account: email,
      metadata: { email, accountId, organization: stringField(account, 'organizationName') },
    },
    { source: 'claude', path, now: options.now },
  );
  return [
    {
      ...base,
      path,
      status: 'found',
      detail: `Claude Code login${email ? ` (${email})` : ''}`,
      note: `requests go through your own \`claude\` CLI; its tokens were not read${unreadable}`,
      session,
    },
  ];
}
