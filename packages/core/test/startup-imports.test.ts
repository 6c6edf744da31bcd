import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createPaths } from '../src/index.js';
import { createSecretStore } from '../src/vault/create-secret-store.js';

const here = dirname(fileURLToPath(import.meta.url));
const script = join(here, 'fixtures', 'status-imports.mjs');
const built = join(here, '..', 'dist', 'open-switchboard.js');

// `sb auth status` must start fast (cold start goal: ≤ 2× `node -e 0`): answering it must not
// load the OAuth client, the HTTP server, the keychain binding or the lock library.
const HEAVY = ['openid-client', 'node:http', 'node:https', '@napi-rs/keyring', 'proper-lockfile', 'ai', 'undici'];

describe('the startup path of `sb auth status`', () => {
  it('opens a home and answers status without loading heavy modules', async () => {
    if (!existsSync(built)) throw new Error(`${built} is missing: run \`npm run build\` first (npm test does).`);
    const paths = createPaths(await mkdtemp(join(tmpdir(), 'sb-startup-')));
    await writeFile(paths.config, 'active_auth_provider = "anthropic"\n[auth]\nstore = "auto"\n');
    // An existing auth.key: the `auto` store must use it without probing the keychain.
    const fileStore = await createSecretStore({ paths, kind: 'file' });
    await fileStore.update((document) => {
      document.sessions['anthropic/main'] = {
        provider: 'anthropic',
        method: 'api-key',
        apiKey: 'sk-ant-api03-startup-key-0000',
        metadata: {},
        createdAt: 1,
        updatedAt: 1,
      };
    });
    const { stdout } = await promisify(execFile)(process.execPath, [script, paths.home]);
    const result = JSON.parse(stdout) as { loggedIn: string[]; imported: string[] };
    expect(result.loggedIn).toEqual(['anthropic']);
    expect(result.imported.filter((name) => HEAVY.includes(name))).toEqual([]);
  });

  it('on a home where nothing is stored yet, does not even load the keychain binding', async () => {
    const paths = createPaths(await mkdtemp(join(tmpdir(), 'sb-startup-')));
    await writeFile(paths.config, '[auth]\nstore = "auto"\n');
    const { stdout } = await promisify(execFile)(process.execPath, [script, paths.home]);
    const result = JSON.parse(stdout) as { loggedIn: string[]; imported: string[] };
    expect(result.loggedIn).toEqual([]);
    expect(result.imported.filter((name) => HEAVY.includes(name))).toEqual([]);
  });
});
