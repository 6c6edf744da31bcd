import { readFileSync } from 'node:fs';

/**
 * The CLI version, read from packages/cli/package.json (one source of truth). The compiled
 * file sits one level below the package (dist/) and a bundled chunk two (bundle/chunks/), so
 * walk up to the manifest that names this package.
 */
export function readCliVersion(): string {
  for (const relative of ['../package.json', '../../package.json']) {
    try {
      const manifest = JSON.parse(readFileSync(new URL(relative, import.meta.url), 'utf8')) as {
        name?: unknown;
        version?: unknown;
      };
      if (manifest.name === '@switchboard/cli' && typeof manifest.version === 'string') return manifest.version;
    } catch {
      // Not at this level; try the next.
    }
  }
  return '0.0.0';
}
