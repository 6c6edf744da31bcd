import { freeLoopbackPort, genericOAuthToml } from '@switchboard/testkit';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A throwaway `$SWITCHBOARD_HOME` (and `$HOME`) for one test. */
export interface TestHome {
  /** `$SWITCHBOARD_HOME` */
  home: string;
  /** The environment every `sb` run gets: nothing inherited, so no real keys, no DISPLAY. */
  environment: Record<string, string>;
  writeConfig(toml: string): Promise<void>;
  /** Every file under `$SWITCHBOARD_HOME/logs`, concatenated ('' when there are none). */
  readLogs(): Promise<string>;
  remove(): Promise<void>;
}

/** Creates a temp home with `config.toml` holding `[auth] store = "file"` plus `extraConfig`. */
export async function createTestHome(extraConfig = ''): Promise<TestHome> {
  const root = await mkdtemp(join(tmpdir(), 'sb-e2e-'));
  const home = join(root, 'switchboard');
  const userHome = join(root, 'user');
  await mkdir(home, { recursive: true, mode: 0o700 });
  await mkdir(userHome, { recursive: true });
  const environment: Record<string, string> = {
    // Only node and the base system: a real `claude`, `codex` or browser on the machine must not leak in.
    PATH: `${dirname(process.execPath)}:/usr/bin:/bin`,
    HOME: userHome,
    SWITCHBOARD_HOME: home,
    NO_COLOR: '1',
    LANG: 'C.UTF-8',
  };
  const writeConfig = (toml: string) => writeFile(join(home, 'config.toml'), `[auth]\nstore = "file"\n\n${toml}\n`);
  await writeConfig(extraConfig);
  return {
    home,
    environment,
    writeConfig,
    async readLogs() {
      return readTree(join(home, 'logs'));
    },
    remove: () => rm(root, { recursive: true, force: true }),
  };
}

async function readTree(directory: string): Promise<string> {
  let entries;
  try {
    entries = await readdir(directory, { withFileTypes: true });
  } catch {
    return '';
  }
  const parts: string[] = [];
  for (const entry of entries) {
    const path = join(directory, entry.name);
    parts.push(entry.isDirectory() ? await readTree(path) : await readFile(path, 'utf8'));
  }
  return parts.join('\n');
}

/** A 127.0.0.1 port nothing listens on (bound, then released). */
export const closedPort = freeLoopbackPort;

/** `[providers.<id>.oauth]` pointing a sign-in provider at the testkit server's public client. */
export function signInConfig(
  provider: 'openai' | 'google' | 'anthropic',
  server: Parameters<typeof genericOAuthToml>[1],
): string {
  return genericOAuthToml(provider, server);
}

/** `[providers.<id>.oauth]` pointing a client-credentials provider at the testkit server's confidential client. */
export function clientCredentialsConfig(
  provider: 'azure',
  server: { issuer: string; confidentialClientId: string; confidentialClientSecret: string },
  scopes: string[] = ['api.read'],
): string {
  return (
    `[providers.${provider}.oauth]\nissuer = "${server.issuer}"\nclient_id = "${server.confidentialClientId}"\n` +
    `client_secret = "${server.confidentialClientSecret}"\nscopes = [${scopes.map((scope) => `"${scope}"`).join(', ')}]\n`
  );
}
