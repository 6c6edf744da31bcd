import { randomBytes } from 'node:crypto';
import { createCatalog, parseSecretKeyring, resolveConfig } from '@switchboard/core';
import { describe, expect, it } from 'vitest';
import { createCredentialStore, createPolicyStore, createTeamApp, createTeamRuntime } from '../src/index.js';
import type { Principal } from '../src/index.js';
import { DATABASE_KINDS, useMigratedDatabase } from './test-databases.js';

const ADMIN: Principal = { userId: 'u-admin', role: 'admin', method: 'passkey' };

describe.each(DATABASE_KINDS)('policy defaults against the catalog on %s', (kind) => {
  it('refuses a default naming no model of the catalog, keeping the saved policy, and accepts a known one', async () => {
    const database = await useMigratedDatabase(kind);
    const keyring = parseSecretKeyring(`1:${randomBytes(32).toString('base64')}`, 'test');
    const credentials = createCredentialStore({ db: database.db, keyring });
    const policy = createPolicyStore({ db: database.db });
    const catalog = createCatalog();
    const app = createTeamApp({
      database,
      policyStore: policy,
      credentialStore: credentials,
      models: { catalog, runtime: createTeamRuntime({ catalog, credentials, policy, config: resolveConfig({}) }) },
      resolvePrincipal: async () => ADMIN,
    });
    const put = (body: unknown) =>
      app.request('/api/admin/policy', {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });

    const known = await put({ defaults: { chat: { model: 'gpt-5', userMayChange: false } } });
    expect(known.status).toBe(200);
    const unknown = await put({ defaults: { chat: { model: 'gpt-5' }, doc: { model: 'gpt-9-retired' } } });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { error: { message: string } }).error.message).toBe(
      'defaults.doc.model "gpt-9-retired" is not a model of the catalog.',
    );
    expect((await policy.get()).defaults).toEqual({ chat: { model: 'gpt-5', userMayChange: false } });
  });
});
