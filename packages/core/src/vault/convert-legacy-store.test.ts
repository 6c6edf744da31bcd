import { describe, expect, it } from 'vitest';
import { convertLegacyStore } from './convert-legacy-store.js';

const NOW = Date.UTC(2026, 10, 1);

function jwt(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'none' })}.${part(claims)}.signature`;
}

describe('convertLegacyStore', () => {
  it('maps a single-provider token document to an openai oauth session, unknown scalars into metadata', () => {
    const result = convertLegacyStore(
      {
        access_token: 'at',
        refresh_token: 'rt',
        id_token: 'it',
        expires_at: 1_900_000_000,
        account_id: 'acct-1',
        email: 'me@example.test',
        scope: 'openid',
        region: 'eu',
        beta: true,
        client_secret: 'hidden',
        nested: { a: 1 },
      },
      { now: NOW },
    );
    expect(result?.format).toBe('single-provider');
    // Named after the email's local part, as every session without a given name.
    expect(result?.document.sessions['openai/me']).toEqual({
      provider: 'openai',
      method: 'oauth',
      account: 'me@example.test',
      accessToken: 'at',
      refreshToken: 'rt',
      idToken: 'it',
      expiresAt: 1_900_000_000_000,
      scope: 'openid',
      metadata: {
        importedFrom: 'legacy auth.json',
        email: 'me@example.test',
        accountId: 'acct-1',
        region: 'eu',
        beta: 'true',
      },
      createdAt: NOW,
      updatedAt: NOW,
    });
  });

  it('reads expires_at in ms or ISO form, expires_in relative to the file time, else the access token exp', () => {
    const expiry = (value: Record<string, unknown>) =>
      convertLegacyStore({ access_token: 'at', ...value }, { now: NOW, modifiedAt: NOW - 60_000 })?.document.sessions[
        'openai/oauth'
      ]?.expiresAt;
    expect(expiry({ expires_at: 1_900_000_000_123 })).toBe(1_900_000_000_123);
    expect(expiry({ expires_at: '2030-01-01T00:00:00Z' })).toBe(Date.UTC(2030, 0, 1));
    expect(expiry({ expires_in: 3600 })).toBe(NOW - 60_000 + 3_600_000);
    expect(
      convertLegacyStore({ access_token: jwt({ exp: 1_800_000_000 }) }, { now: NOW })?.document.sessions['openai/oauth']
        ?.expiresAt,
    ).toBe(1_800_000_000_000);
    expect(expiry({})).toBeUndefined();
  });

  it('maps a Codex auth.json with tokens to oauth, labelling it from the id_token claims, and the API key to a session beside it', () => {
    const idToken = jwt({
      email: 'codex@example.test',
      'https://api.openai.com/auth': { chatgpt_plan_type: 'pro', chatgpt_account_id: 'acct-9' },
    });
    const result = convertLegacyStore(
      {
        OPENAI_API_KEY: 'sk-exchanged',
        tokens: { id_token: idToken, access_token: 'at', refresh_token: 'rt', account_id: 'acct-9' },
        last_refresh: '2026-10-30T10:00:00Z',
      },
      { now: NOW },
    );
    expect(result?.format).toBe('codex');
    expect(Object.keys(result?.document.sessions ?? {}).sort()).toEqual(['openai/codex', 'openai/key-nged']);
    expect(result?.document.sessions['openai/key-nged']).toMatchObject({ method: 'api-key', apiKey: 'sk-exchanged' });
    expect(result?.document.sessions['openai/codex']?.apiKey).toBeUndefined();
    expect(result?.document.sessions['openai/codex']).toMatchObject({
      method: 'oauth',
      account: 'codex@example.test',
      accessToken: 'at',
      refreshToken: 'rt',
      idToken,
      metadata: {
        importedFrom: 'codex auth.json',
        email: 'codex@example.test',
        plan: 'pro',
        accountId: 'acct-9',
        last_refresh: '2026-10-30T10:00:00Z',
      },
    });
  });

  it('maps a Codex auth.json with only an API key to an api-key session', () => {
    const result = convertLegacyStore({ OPENAI_API_KEY: 'sk-only', tokens: null }, { now: NOW });
    expect(result?.document.sessions['openai/api-key']).toEqual({
      provider: 'openai',
      method: 'api-key',
      apiKey: 'sk-only',
      metadata: { importedFrom: 'codex auth.json' },
      createdAt: NOW,
      updatedAt: NOW,
    });
  });

  it('keeps an unencrypted {version: 1, sessions} store, filling defaults and skipping what it cannot place', () => {
    const result = convertLegacyStore(
      {
        version: 1,
        sessions: {
          anthropic: {
            provider: 'anthropic',
            method: 'api-key',
            apiKey: 'ak',
            metadata: { plan: 'max' },
            createdAt: 5,
            updatedAt: 6,
          },
          google: { method: 'oauth', accessToken: 'gt' },
          nonsense: { provider: 'nowhere', method: 'api-key' },
        },
        secrets: { gateway: 'g', bad: 1 },
      },
      { now: NOW },
    );
    expect(result?.format).toBe('plaintext-store');
    expect(result?.document).toEqual({
      version: 2,
      sessions: {
        'anthropic/api-key': {
          provider: 'anthropic',
          method: 'api-key',
          apiKey: 'ak',
          metadata: { plan: 'max' },
          createdAt: 5,
          updatedAt: 6,
        },
        'google/oauth': {
          provider: 'google',
          method: 'oauth',
          accessToken: 'gt',
          metadata: {},
          createdAt: NOW,
          updatedAt: NOW,
        },
      },
      secrets: { gateway: 'g' },
    });
  });

  it('returns undefined for the encrypted format and for unknown documents', () => {
    expect(
      convertLegacyStore({ format: 'switchboard-vault', version: 1, access_token: 'x' }, { now: NOW }),
    ).toBeUndefined();
    expect(convertLegacyStore({ hello: 'world' }, { now: NOW })).toBeUndefined();
    expect(convertLegacyStore([1, 2], { now: NOW })).toBeUndefined();
    expect(convertLegacyStore('access_token', { now: NOW })).toBeUndefined();
  });
});
