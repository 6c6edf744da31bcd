import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAuthManager } from '../auth/create-auth-manager.js';
import type { ResolvedCredential } from '../auth/types.js';
import { resolveConfig } from '../config/load-config.js';
import { createPaths } from '../config/paths.js';
import { isSwitchboardError } from '../errors.js';
import type { ProviderId } from '../ids.js';
import { createMemoryStore } from '../vault/memory-store.js';
import type { CredentialContext, CredentialLevel, CredentialSource } from './credential-source.js';
import { createEnvironmentCredentialSource } from './environment-credential-source.js';
import { resolveCredential } from './resolve-credential.js';
import { createSessionCredentialSource } from './session-credential-source.js';

const homes: string[] = [];
afterEach(async () => {
  await Promise.all(homes.splice(0).map((home) => rm(home, { recursive: true, force: true })));
});

/**
 * A key table as the server will plug in for the request, user and workspace levels: it serves
 * `provider`'s API key when the context matches.
 */
function keyTable(
  level: CredentialLevel,
  keys: Record<string, Partial<Record<ProviderId, string>>>,
  select: (context: CredentialContext) => string | undefined,
): CredentialSource {
  const keysFor = (context: CredentialContext) => {
    const owner = select(context);
    return owner === undefined ? {} : (keys[owner] ?? {});
  };
  return {
    level,
    async available(context) {
      return Object.keys(keysFor(context)).map((provider) => ({
        provider: provider as ProviderId,
        method: 'api-key' as const,
      }));
    },
    async find(lookup) {
      const apiKey = keysFor(lookup.context)[lookup.provider];
      if (apiKey === undefined || !lookup.methods.includes('api-key')) return undefined;
      return { provider: lookup.provider, method: 'api-key', apiKey, source: 'session' } satisfies ResolvedCredential;
    },
  };
}

async function sessionSource(apiKey?: string) {
  const home = await mkdtemp(join(tmpdir(), 'sb-resolve-'));
  homes.push(home);
  const config = resolveConfig({});
  const auth = createAuthManager({ paths: createPaths(home), config, store: createMemoryStore(), environment: {} });
  if (apiKey) await auth.login('mistral', { method: 'api-key', apiKey });
  return { auth, source: createSessionCredentialSource({ auth }) };
}

const keyOf = (credential: ResolvedCredential) =>
  credential.method === 'api-key' ? credential.apiKey : credential.method;

describe('resolveCredential', () => {
  it('request reference > user key > workspace (environment) key > session, level by level', async () => {
    const { source: session } = await sessionSource('mistral-session-key-0001');
    const request = keyTable(
      'request',
      { 'ref-1': { mistral: 'mistral-request-key-0001' } },
      (context) => context.reference,
    );
    const user = keyTable('user', { alice: { mistral: 'mistral-user-key-0001' } }, (context) => context.userId);
    const environment = createEnvironmentCredentialSource({
      environment: { MISTRAL_API_KEY: 'mistral-env-key-0001' },
      providers: resolveConfig({}).providers,
    });
    // Given in the "wrong" order on purpose: precedence is the levels', not the list's.
    const sources = [session, environment, user, request];
    const lookup = (context: CredentialContext) =>
      resolveCredential({ provider: 'mistral', methods: ['api-key'], context }, sources);

    const byReference = await lookup({ reference: 'ref-1', userId: 'alice' });
    expect([byReference.level, keyOf(byReference.credential)]).toEqual(['request', 'mistral-request-key-0001']);
    const byUser = await lookup({ userId: 'alice' });
    expect([byUser.level, keyOf(byUser.credential)]).toEqual(['user', 'mistral-user-key-0001']);
    const byWorkspace = await lookup({ userId: 'bob' });
    expect([byWorkspace.level, keyOf(byWorkspace.credential)]).toEqual(['workspace', 'mistral-env-key-0001']);
    const bySession = await resolveCredential({ provider: 'mistral', methods: ['api-key'], context: {} }, [
      session,
      user,
      request,
    ]);
    expect([bySession.level, keyOf(bySession.credential)]).toEqual(['session', 'mistral-session-key-0001']);
  });

  it('skips a level whose credential the route cannot carry', async () => {
    const environment = createEnvironmentCredentialSource({
      environment: { OPENAI_API_KEY: 'sk-env-0000000000000000' },
      providers: resolveConfig({}).providers,
    });
    // The Codex route needs the ChatGPT sign-in, which an API key is not.
    await expect(
      resolveCredential({ provider: 'openai', methods: ['oauth'], context: {} }, [environment]),
    ).rejects.toMatchObject({ code: 'LOGIN_REQUIRED' });
    const found = await resolveCredential({ provider: 'openai', methods: ['api-key'], context: {} }, [environment]);
    expect(keyOf(found.credential)).toBe('sk-env-0000000000000000');
  });

  it('uses the first non-empty environment variable in the profile order', async () => {
    const providers = resolveConfig({}).providers;
    const environment = createEnvironmentCredentialSource({
      environment: { ANTHROPIC_API_KEY: '  ', CLAUDE_API_KEY: 'sk-ant-second-000000' },
      providers,
    });
    const found = await resolveCredential({ provider: 'anthropic', methods: ['api-key'], context: {} }, [environment]);
    expect(keyOf(found.credential)).toBe('sk-ant-second-000000');
    expect(await environment.available({})).toEqual([{ provider: 'anthropic', method: 'api-key' }]);
  });

  it('nothing anywhere: LOGIN_REQUIRED with the exact login command, and no secret in it', async () => {
    const { source: session } = await sessionSource();
    const error = await resolveCredential(
      { provider: 'anthropic', methods: ['api-key', 'claude-code'], context: {} },
      [session],
      { providerName: 'Claude' },
    ).catch((caught: unknown) => caught);
    expect(isSwitchboardError(error, 'LOGIN_REQUIRED')).toBe(true);
    expect(error).toMatchObject({ hint: 'sb auth login claude', provider: 'anthropic' });
  });

  it('the session level lists logged-in sessions and forgets the listing on login', async () => {
    const { auth, source } = await sessionSource();
    expect(await source.available({})).toEqual([]);
    await auth.login('mistral', { method: 'api-key', apiKey: 'mistral-session-key-0002' });
    expect(await source.available({})).toEqual([
      { provider: 'mistral', method: 'api-key', session: 'key-0002', active: true },
    ]);
  });
});
