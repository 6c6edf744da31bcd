import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPaths } from './paths.js';
import { updateConfigFile } from './update-config.js';

/** The README's own example, plus a table Switchboard does not know. */
const README_EXAMPLE = [
  '# mine: keep this comment',
  'model = "claude-opus-4-1"',
  '[auth]',
  'store = "auto"                     # auto | keychain | file',
  '[routing]',
  'prefer = "subscription"            # subscription | api-key | cost | ["anthropic", "vertex", …]',
  'fallback = true',
  '[providers.google.oauth]           # your own Google "Desktop app" OAuth client',
  'client_id = "…apps.googleusercontent.com"',
  'client_secret = "…"',
  '[endpoints.ollama]                 # any OpenAI-compatible endpoint',
  'api_base = "http://127.0.0.1:11434/v1"',
  '[models."llama3.3"]',
  'endpoint = "ollama"',
  'upstream_id = "llama3.3:70b"',
  '',
  '[experimental]   # a table of a newer Switchboard',
  'turbo = 1',
  '',
].join('\n');

describe('updateConfigFile', () => {
  it('keeps every comment and line when the file has [models.*], [endpoints.*] and unknown tables', async () => {
    const paths = createPaths(await mkdtemp(join(tmpdir(), 'sb-update-config-')));
    await writeFile(paths.config, README_EXAMPLE);
    await updateConfigFile(paths, (document) => {
      document.model = 'llama3.3';
      document.active_auth_provider = 'anthropic';
      document.active_auth_method = 'api-key';
    });
    const expected = README_EXAMPLE.replace(
      'model = "claude-opus-4-1"\n',
      'model = "llama3.3"\nactive_auth_provider = "anthropic"\nactive_auth_method = "api-key"\n',
    );
    expect(await readFile(paths.config, 'utf8')).toBe(expected);

    await updateConfigFile(paths, (document) => {
      delete document.active_auth_provider;
      delete document.active_auth_method;
    });
    expect(await readFile(paths.config, 'utf8')).toBe(README_EXAMPLE.replace('"claude-opus-4-1"', '"llama3.3"'));
  });
});
