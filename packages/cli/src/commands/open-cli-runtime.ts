import {
  entryOfRouteEvent,
  createCatalog,
  createProviderRegistry,
  createRuntime,
  createUsageLog,
  createQuotaLog,
  recordBridgeQuota,
  type Catalog,
  type Runtime,
  type RuntimeWarning,
  type SwitchboardHome,
} from '@switchboard/core';
import type { CliIo } from '../cli-io.js';
import { openCliSwitchboard } from './open-cli-switchboard.js';

/** An opened home plus its catalog and runtime, for the commands that route models. */
export interface CliRuntime extends SwitchboardHome {
  catalog: Catalog;
  runtime: Runtime;
}

/** Options of {@link openCliRuntime}. */
export interface OpenCliRuntimeOptions {
  /** Where runtime warnings go (budgets, skipped fallback models). Default: stderr, as `sb: warning: …`. */
  onWarning?: (warning: RuntimeWarning) => void;
  /** How the event log names this program (default `cli`). */
  processName?: string;
}

/**
 * Opens Switchboard's state and builds the catalog (with the user's `[models]` and `[endpoints]`)
 * and the runtime over it. The runtime plans every request from the home's config owner, so a
 * switch made in this process is followed by the next request.
 */
export async function openCliRuntime(io: CliIo, options: OpenCliRuntimeOptions = {}): Promise<CliRuntime> {
  const home = await openCliSwitchboard(io, options.processName);
  const catalog = createCatalog({
    customModels: home.config.raw['models'],
    endpoints: home.config.raw['endpoints'],
    configPath: home.paths.config,
  });
  const quotaLog = createQuotaLog({ path: home.paths.quota });
  const runtime = createRuntime({
    catalog,
    registry: createProviderRegistry({
      now: () => io.now(),
      onBridgeQuota: recordBridgeQuota(quotaLog, () => io.now()),
    }),
    config: home.config,
    currentConfig: () => home.configOwner.latest(),
    auth: home.auth,
    environment: home.environment,
    fetch: home.network.fetch,
    now: () => io.now(),
    usageLog: createUsageLog({ path: home.paths.usageLog }),
    quotaLog,
    onRouteEvent: (event) => home.eventLog.write(entryOfRouteEvent(event)),
    slotsDirectory: home.paths.routeSlots,
    sessionsDirectory: home.paths.agentSessions,
    exhaustedSessionsPath: home.paths.exhaustedSessions,
    ...(io.cwd ? { projectDirectory: io.cwd() } : {}),
    onWarning: options.onWarning ?? ((warning: RuntimeWarning) => io.stderr.write(`sb: warning: ${warning.message}\n`)),
  });
  return { ...home, catalog, runtime };
}
