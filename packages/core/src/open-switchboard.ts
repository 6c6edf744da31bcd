import { createPaths, resolveHome, type SwitchboardPaths } from './config/paths.js';
import type { Environment } from './config/environment.js';
import { loadConfig, type SwitchboardConfig } from './config/load-config.js';
import { migrateConfigFile } from './config/update-config.js';
import { createSecretStore } from './vault/create-secret-store.js';
import type { SecretStore } from './vault/secret-store.js';
import { createAuthManager } from './auth/create-auth-manager.js';
import type { AuthManager, AuthManagerOptions } from './auth/auth-manager-types.js';
import { SwitchboardError } from './errors.js';

/** Options for {@link openSwitchboard}. */
export interface OpenSwitchboardOptions {
  /** The environment (SWITCHBOARD_HOME, API keys, other CLIs' homes). */
  environment: Environment;
  fetch?: typeof fetch;
  now?: () => number;
  /** Override the configured store (tests, the server): `memory` keeps nothing on disk. */
  storeKind?: 'auto' | 'keychain' | 'file' | 'memory';
  detectCliBridge?: AuthManagerOptions['detectCliBridge'];
}

/** An opened Switchboard home: paths, configuration, secret store and AuthManager. */
export interface SwitchboardHome {
  paths: SwitchboardPaths;
  config: SwitchboardConfig;
  store: SecretStore;
  auth: AuthManager;
  environment: Environment;
}

const STORE_KINDS = ['auto', 'keychain', 'file', 'memory'] as const;

/**
 * The composition root used by the CLI and the server: resolves `$SWITCHBOARD_HOME`, migrates
 * legacy config keys, loads config.toml, opens the secret store per `auth.store` (or
 * `SWITCHBOARD_AUTH_STORE`) and builds the AuthManager.
 */
export async function openSwitchboard(options: OpenSwitchboardOptions): Promise<SwitchboardHome> {
  const { environment } = options;
  const paths = createPaths(resolveHome(environment));
  await migrateConfigFile(paths);
  const config = await loadConfig(paths.config);
  const storeKind = options.storeKind ?? parseStoreKind(environment.SWITCHBOARD_AUTH_STORE) ?? config.auth.store;
  const store = await createSecretStore({ paths, kind: storeKind });
  const auth = createAuthManager({
    paths,
    config,
    store,
    environment,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.now ? { now: options.now } : {}),
    ...(options.detectCliBridge ? { detectCliBridge: options.detectCliBridge } : {}),
  });
  return { paths, config, store, auth, environment };
}

function parseStoreKind(value: string | undefined): (typeof STORE_KINDS)[number] | undefined {
  if (value === undefined || value === '') return undefined;
  if ((STORE_KINDS as readonly string[]).includes(value)) return value as (typeof STORE_KINDS)[number];
  throw new SwitchboardError(
    'INVALID_CONFIG',
    `SWITCHBOARD_AUTH_STORE must be one of ${STORE_KINDS.join(', ')} (got "${value}").`,
  );
}
