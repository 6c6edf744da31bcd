import { join } from 'node:path';
import { apiKeyLabel, BUILTIN_PROVIDER_PROFILES } from '../../catalog/provider-profiles.js';
import type { Environment } from '../../config/environment.js';
import type { ProviderId } from '../../ids.js';
import { decodeJwtClaims } from './decode-jwt-claims.js';
import { directoryFromEnvironment, importedSession } from './imported-session.js';
import type { ImportReaderOptions, SourceFinding } from './import-types.js';
import { isRecord, numberField, recordField, stringField, type JsonRecord } from './json-value.js';
import { readJsonSourceFile } from './read-source-file.js';

/** opencode provider ids that name a Switchboard provider. */
const OPENCODE_PROVIDERS: Readonly<Record<string, ProviderId>> = {
  openai: 'openai',
  anthropic: 'anthropic',
  google: 'google',
  mistral: 'mistral',
  azure: 'azure',
  'google-vertex': 'vertex',
  'amazon-bedrock': 'bedrock',
};

const OPENAI_AUTH_CLAIM = 'https://api.openai.com/auth';
const OPENAI_PROFILE_CLAIM = 'https://api.openai.com/profile';

/** `$XDG_DATA_HOME/opencode/auth.json`, default `~/.local/share/opencode/auth.json` (xdg-basedir rules). */
export function opencodeAuthPath(environment: Environment, homeDirectory: string): string {
  const dataHome = directoryFromEnvironment(environment, 'XDG_DATA_HOME') ?? join(homeDirectory, '.local', 'share');
  return join(dataHome, 'opencode', 'auth.json');
}

/**
 * Reads opencode's `auth.json`: entries keyed by provider id, each
 * `{ type: 'api', key }`, `{ type: 'oauth', refresh, access, expires, accountId? }` or
 * `{ type: 'wellknown', key, token }`. API keys of known providers become `api-key`
 * sessions; a ChatGPT (openai) OAuth entry becomes an `oauth` session. Claude
 * subscription OAuth tokens are never imported (DESIGN §4); other entries are reported.
 */
export async function readOpencodeAuth(options: ImportReaderOptions): Promise<SourceFinding[]> {
  const path = opencodeAuthPath(options.environment, options.homeDirectory);
  const read = await readJsonSourceFile(path);
  if (read.status === 'missing') {
    return [{ source: 'opencode', path, status: 'not-found', detail: `no opencode login: ${path} does not exist` }];
  }
  if (read.status === 'error') return [{ source: 'opencode', path, status: 'error', detail: read.detail }];
  if (!isRecord(read.value))
    return [{ source: 'opencode', path, status: 'error', detail: `${path} is not a JSON object` }];

  const entries = Object.entries(read.value);
  if (entries.length === 0)
    return [{ source: 'opencode', path, status: 'not-found', detail: `${path} holds no credentials` }];
  return entries.map(([key, entry]) => readEntry(key.replace(/\/+$/, ''), entry, path, options));
}

function readEntry(key: string, entry: unknown, path: string, options: ImportReaderOptions): SourceFinding {
  const label = displayKey(key);
  const provider = OPENCODE_PROVIDERS[key];
  const base = { source: 'opencode' as const, path, ...(provider ? { provider } : {}) };
  if (!isRecord(entry) || typeof entry.type !== 'string') {
    return {
      ...base,
      status: 'error',
      detail: `the "${label}" entry of ${path} is not an opencode credential (no "type")`,
    };
  }
  switch (entry.type) {
    case 'api':
      return apiKeyEntry(label, provider, entry, path, options);
    case 'oauth':
      return oauthEntry(label, provider, entry, path, options);
    case 'wellknown':
      return {
        ...base,
        status: 'skipped',
        detail: `"${label}" is an organisation's well-known login; Switchboard does not import those`,
      };
    default:
      return { ...base, status: 'skipped', detail: `"${label}" has a credential type Switchboard does not know` };
  }
}

function apiKeyEntry(
  label: string,
  provider: ProviderId | undefined,
  entry: JsonRecord,
  path: string,
  options: ImportReaderOptions,
): SourceFinding {
  const base = { source: 'opencode' as const, path, method: 'api-key' as const };
  if (!provider) return { ...base, status: 'skipped', detail: `"${label}" is not a provider Switchboard supports` };
  const apiKey = stringField(entry, 'key');
  if (!apiKey)
    return { ...base, provider, status: 'error', detail: `the "${label}" entry of ${path} has no "key" string` };
  const profile = BUILTIN_PROVIDER_PROFILES[provider];
  if (!profile.methods.includes('api-key')) {
    return {
      ...base,
      provider,
      status: 'skipped',
      detail: `${profile.name} does not sign in with an API key in Switchboard (${profile.methods.join(', ')})`,
    };
  }
  return {
    ...base,
    provider,
    status: 'found',
    detail: apiKeyLabel(profile),
    session: importedSession({ provider, method: 'api-key', apiKey }, { source: 'opencode', path, now: options.now }),
  };
}

function oauthEntry(
  label: string,
  provider: ProviderId | undefined,
  entry: JsonRecord,
  path: string,
  options: ImportReaderOptions,
): SourceFinding {
  const base = { source: 'opencode' as const, path, method: 'oauth' as const, ...(provider ? { provider } : {}) };
  if (provider === 'anthropic') {
    return {
      ...base,
      status: 'skipped',
      detail:
        'Claude subscription OAuth tokens are not imported: Anthropic does not allow third-party apps to use them. ' +
        'Use `sb auth login claude --method claude-code` (your own `claude` CLI) or an API key',
    };
  }
  if (provider !== 'openai') {
    return {
      ...base,
      status: 'skipped',
      detail: `"${label}" is an OAuth sign-in of an opencode plugin; Switchboard imports only ChatGPT sign-ins from opencode`,
    };
  }
  const accessToken = stringField(entry, 'access');
  const refreshToken = stringField(entry, 'refresh');
  const expires = entry.expires;
  if (!accessToken || !refreshToken || (expires !== undefined && numberField(entry, 'expires') === undefined)) {
    return {
      ...base,
      status: 'error',
      detail: `the "${label}" entry of ${path} needs "access" and "refresh" strings and a numeric "expires"`,
    };
  }
  const claims = decodeJwtClaims(accessToken);
  const authClaims = recordField(claims, OPENAI_AUTH_CLAIM);
  const email = stringField(recordField(claims, OPENAI_PROFILE_CLAIM), 'email') ?? stringField(claims, 'email');
  const plan = stringField(authClaims, 'chatgpt_plan_type');
  const session = importedSession(
    {
      provider: 'openai',
      method: 'oauth',
      account: email,
      accessToken,
      refreshToken,
      expiresAt: numberField(entry, 'expires'),
      metadata: {
        email,
        plan,
        accountId: stringField(entry, 'accountId') ?? stringField(authClaims, 'chatgpt_account_id'),
        // opencode signs in to ChatGPT with the Codex CLI's public client.
        oauthClientId: stringField(claims, 'client_id'),
      },
    },
    { source: 'opencode', path, now: options.now },
  );
  const facts = [email, plan ? `plan ${plan}` : undefined].filter(Boolean).join(', ');
  return {
    ...base,
    provider: 'openai',
    status: 'found',
    detail: `ChatGPT sign-in${facts ? ` (${facts})` : ''}`,
    session,
  };
}

/** Entry keys are provider ids or URLs; anything else is not echoed. */
function displayKey(key: string): string {
  return /^[\w.@:/+-]{1,100}$/.test(key) ? key : '(unnamed entry)';
}
