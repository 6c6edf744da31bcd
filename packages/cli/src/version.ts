import { readFileSync } from 'node:fs';

/** The CLI version, read from packages/cli/package.json (kept out of the bundle on purpose: one source of truth). */
export function readCliVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: unknown };
  return typeof manifest.version === 'string' ? manifest.version : '0.0.0';
}
