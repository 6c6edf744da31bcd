import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { createConfigOwner, type ConfigOwner } from './config-owner.js';
import { loadConfig, type SwitchboardConfig } from './load-config.js';
import { createPaths } from './paths.js';

const run = promisify(execFile);
const updateConfigModule = fileURLToPath(new URL('../../dist/config/update-config.js', import.meta.url));
const pathsModule = fileURLToPath(new URL('../../dist/config/paths.js', import.meta.url));

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function ownerOf(text: string): Promise<{ owner: ConfigOwner; home: string }> {
  const home = await mkdtemp(join(tmpdir(), 'sb-config-owner-'));
  cleanups.push(() => rm(home, { recursive: true, force: true }));
  const paths = createPaths(home);
  await writeFile(paths.config, text);
  return { owner: createConfigOwner({ paths, config: await loadConfig(paths.config) }), home };
}

/** `sb use` in another terminal, as far as config.toml goes: another process writes it under the lock. */
async function writeFromAnotherProcess(home: string, model: string, provider: string): Promise<void> {
  const script = [
    `import { updateConfigFile } from ${JSON.stringify(updateConfigModule)};`,
    `import { createPaths } from ${JSON.stringify(pathsModule)};`,
    `await updateConfigFile(createPaths(${JSON.stringify(home)}), (document) => {`,
    `  document.model = ${JSON.stringify(model)};`,
    `  document.active_auth_provider = ${JSON.stringify(provider)};`,
    `});`,
  ].join('\n');
  // The other process runs the built core (`npm run build`), as `sb` does.
  await run(process.execPath, ['--input-type=module', '--eval', script]);
}

describe('createConfigOwner', () => {
  it('update writes config.toml and is what current() and every listener see at once', async () => {
    const { owner, home } = await ownerOf('model = "gpt-5"\n');
    const seen: Array<string | undefined> = [];
    owner.onChange((config) => seen.push(config.model));
    const written = await owner.update((document) => {
      document.model = 'claude-opus-4-1';
    });
    expect(written.model).toBe('claude-opus-4-1');
    expect(owner.current().model).toBe('claude-opus-4-1');
    expect((await loadConfig(createPaths(home).config)).model).toBe('claude-opus-4-1');
    expect(seen).toEqual(['claude-opus-4-1']);
  });

  it('reload parses again only when the text changed, and notifies only then', async () => {
    const { owner, home } = await ownerOf('model = "gpt-5"\n');
    const seen: SwitchboardConfig[] = [];
    owner.onChange((config) => seen.push(config));
    const first = await owner.reload();
    expect(await owner.reload()).toBe(first);
    await writeFile(createPaths(home).config, 'model = "mistral-large-3"\n');
    expect((await owner.reload()).model).toBe('mistral-large-3');
    expect(seen.map((config) => config.model)).toEqual(['gpt-5', 'mistral-large-3']);
  });

  it('notices a change another process makes (sb use in another terminal) once watching', async () => {
    const { owner, home } = await ownerOf('model = "gpt-5"\n');
    const stop = owner.watch();
    cleanups.push(stop);
    const changed = new Promise<SwitchboardConfig>((resolve) => owner.onChange(resolve));
    await writeFromAnotherProcess(home, 'claude-opus-4-1', 'anthropic');
    const noticed = await changed;
    expect([noticed.model, noticed.activeAuthProvider]).toEqual(['claude-opus-4-1', 'anthropic']);
    expect((await owner.latest()).model).toBe('claude-opus-4-1');
    expect(owner.current().activeAuthProvider).toBe('anthropic');
  });

  it('an invalid file written meanwhile keeps the configuration as it was', async () => {
    const { owner, home } = await ownerOf('model = "gpt-5"\n');
    cleanups.push(owner.watch());
    await writeFile(createPaths(home).config, 'model = [unclosed\n');
    await expect(owner.reload()).rejects.toMatchObject({ code: 'INVALID_CONFIG' });
    expect((await owner.latest()).model).toBe('gpt-5');
  });
});
