import {
  createCatalog,
  createProviderRegistry,
  createRuntime,
  createUsageLog,
  createQuotaLog,
  type Catalog,
  type Runtime,
  type RuntimeWarning,
  type SwitchboardConfig,
  type SwitchboardHome,
} from '@switchboard/core';
import type { CliIo } from '../cli-io.js';
import { openCliSwitchboard } from './open-cli-switchboard.js';

/** An opened home plus its catalog and runtime, for the commands that route models. */
export interface CliRuntime extends SwitchboardHome {
  catalog: Catalog;
  runtime: Runtime;
}

/**
 * Opens Switchboard's state and builds the catalog (with the user's `[models]` and `[endpoints]`)
 * and the runtime over it. Runtime warnings (budgets, skipped fallback models) go to stderr.
 */
export async function openCliRuntime(
  io: CliIo,
  options: { currentConfig?: () => SwitchboardConfig } = {},
): Promise<CliRuntime> {
  const home = await openCliSwitchboard(io);
  const catalog = createCatalog({
    customModels: home.config.raw['models'],
    endpoints: home.config.raw['endpoints'],
    configPath: home.paths.config,
  });
  const runtime = createRuntime({
    catalog,
    registry: createProviderRegistry({ now: () => io.now() }),
    config: home.config,
    ...(options.currentConfig ? { currentConfig: options.currentConfig } : {}),
    auth: home.auth,
    environment: home.environment,
    fetch: home.network.fetch,
    now: () => io.now(),
    usageLog: createUsageLog({ path: home.paths.usageLog }),
    quotaLog: createQuotaLog({ path: home.paths.quota }),
    onWarning: (warning: RuntimeWarning) => io.stderr.write(`sb: warning: ${warning.message}\n`),
  });
  return { ...home, catalog, runtime };
}
