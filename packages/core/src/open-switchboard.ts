import { createPaths, resolveHome, type SwitchboardPaths } from './config/paths.js';
import { dirname, resolve } from 'node:path';
import { readNetworkVariables, type Environment } from './config/environment.js';
import { createNetwork, type Network } from './network/create-network.js';
import { loadConfig, type SwitchboardConfig } from './config/load-config.js';
import { migrateConfigFile } from './config/update-config.js';
import { createConfigOwner, type ConfigOwner } from './config/config-owner.js';
import { createSecretStore } from './vault/create-secret-store.js';
import type { SecretStore } from './vault/secret-store.js';
import { createAuthManager } from './auth/create-auth-manager.js';
import type { AuthManager, AuthManagerOptions } from './auth/auth-manager-types.js';
import { createEventLog, type EventLog } from './events/create-event-log.js';
import { entryOfAuthEvent } from './events/event-log-entry.js';
import { SwitchboardError } from './errors.js';

/** Options for {@link openSwitchboard}. */
export interface OpenSwitchboardOptions {
  /** The environment (SWITCHBOARD_HOME, API keys, other CLIs' homes). */
  environment: Environment;
  /** Replaces the network's fetch for this home's sign-ins and refreshes (tests, in-process peers). */
  fetch?: typeof fetch;
  now?: () => number;
  /** Override the configured store (tests, the server): `memory` keeps nothing on disk. */
  storeKind?: 'auto' | 'keychain' | 'file' | 'memory';
  detectCliBridge?: AuthManagerOptions['detectCliBridge'];
  /** The program, as the event log names it: `cli` (default), `chat`, `gateway`. */
  processName?: string;
  /** Told once when the event log cannot be written (the CLI prints it on stderr). */
  warn?: (message: string) => void;
}

/** An opened Switchboard home: paths, configuration, secret store and AuthManager. */
export interface SwitchboardHome {
  paths: SwitchboardPaths;
  /** The configuration as it was when the home was opened; `configOwner` has it as it is now. */
  config: SwitchboardConfig;
  /** The one owner of the configuration, shared by the AuthManager, the runtime and the chat. */
  configOwner: ConfigOwner;
  store: SecretStore;
  auth: AuthManager;
  /** The environment for child processes: the given one plus the effective proxy and CA variables. */
  environment: Environment;
  /** Proxy- and CA-aware networking for every outbound request of this process. */
  network: Network;
  /** The home's auth event log; the AuthManager's events already go to it. */
  eventLog: EventLog;
}

const STORE_KINDS = ['auto', 'keychain', 'file', 'memory'] as const;

/**
 * The composition root used by the CLI and the server: resolves `$SWITCHBOARD_HOME`, migrates
 * legacy config keys, loads config.toml, opens the secret store per `auth.store` (or
 * `SWITCHBOARD_AUTH_STORE`), builds the process's {@link Network} (proxy and CA settings) and the
 * AuthManager over it and the home's one {@link ConfigOwner}.
 */
export async function openSwitchboard(options: OpenSwitchboardOptions): Promise<SwitchboardHome> {
  const { environment } = options;
  const paths = createPaths(resolveHome(environment));
  await migrateConfigFile(paths);
  const config = await loadConfig(paths.config);
  const configOwner = createConfigOwner({ paths, config });
  const storeKind = options.storeKind ?? parseStoreKind(environment.SWITCHBOARD_AUTH_STORE) ?? config.auth.store;
  const store = await createSecretStore({ paths, kind: storeKind });
  const caFile = config.network.caFile;
  const network = createNetwork({
    variables: readNetworkVariables(environment),
    config: { ...config.network, caFile: caFile === undefined ? undefined : resolve(dirname(paths.config), caFile) },
  });
  const auth = createAuthManager({
    paths,
    config,
    configOwner,
    store,
    environment,
    fetch: options.fetch ?? network.fetch,
    httpsAgent: () => network.httpsAgent(),
    ...(options.now ? { now: options.now } : {}),
    ...(options.detectCliBridge ? { detectCliBridge: options.detectCliBridge } : {}),
  });
  // Every sign-in, refresh (in whichever process), switch and expiry leaves a line (`sb auth log`).
  const eventLog = createEventLog({
    path: paths.eventLog,
    process: options.processName ?? 'cli',
    ...(options.now ? { now: options.now } : {}),
    ...(options.warn ? { warn: options.warn } : {}),
  });
  auth.on((event) => eventLog.write(entryOfAuthEvent(event)));
  return {
    paths,
    config,
    configOwner,
    store,
    auth,
    environment: network.childEnvironment(environment),
    network,
    eventLog,
  };
}

function parseStoreKind(value: string | undefined): (typeof STORE_KINDS)[number] | undefined {
  if (value === undefined || value === '') return undefined;
  if ((STORE_KINDS as readonly string[]).includes(value)) return value as (typeof STORE_KINDS)[number];
  throw new SwitchboardError(
    'INVALID_CONFIG',
    `SWITCHBOARD_AUTH_STORE must be one of ${STORE_KINDS.join(', ')} (got "${value}").`,
  );
}
