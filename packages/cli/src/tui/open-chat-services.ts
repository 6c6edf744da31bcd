import { createQuotaLog, loadConfig, switchModel, type SwitchboardConfig } from '@switchboard/core';
import type { CliIo } from '../cli-io.js';
import { openCliRuntime } from '../commands/open-cli-runtime.js';
import { browserCommandFor, createBrowserOpener } from '../io/open-browser.js';
import type { ChatServices } from './chat-services.js';

/** Options of {@link openChatServices}. */
export interface OpenChatServicesOptions {
  /** Runtime warnings (budgets, skipped fallback models): shown in the chat, never written over the screen. */
  onWarning?: (message: string) => void;
}

/**
 * Opens everything the chat uses through the same wiring as `sb ask` and `sb use`
 * (commands/open-cli-runtime.ts): the home (config, store, AuthManager), the catalog with the
 * user's models and endpoints, and the provider runtime.
 */
export async function openChatServices(io: CliIo, options: OpenChatServicesOptions = {}): Promise<ChatServices> {
  // The runtime reports warnings on stderr; under the TUI that would scribble over the frame.
  const warnings = { write: (text: string) => options.onWarning?.(text.replace(/^sb: warning: /u, '').trim()) };
  // Routing follows the chat's current config, so a /model switch or a login in another
  // terminal is honoured by the very next request.
  let config: SwitchboardConfig | undefined;
  const cli = await openCliRuntime({ ...io, stderr: warnings }, { currentConfig: () => config ?? cli.config });
  const { catalog, runtime, paths } = cli;
  config = cli.config;
  return {
    auth: cli.auth,
    catalog,
    environment: io.environment,
    homePath: paths.home,
    // Probing with a harmless address: whether this machine has any way to show a URL.
    canOpenBrowser: browserCommandFor('https://example.com/', io.platform, io.environment) !== null,
    async loadConfig() {
      config = await loadConfig(paths.config);
      return config;
    },
    stream: (request) => runtime.stream(request),
    async switchModel(modelId) {
      const result = await switchModel(modelId, {
        catalog,
        config: config ?? cli.config,
        paths,
        resolveRoutes: (id) => runtime.resolveRoutes(id),
        style: 'tui',
      });
      config = await loadConfig(paths.config);
      return result;
    },
    openUrl: createBrowserOpener({ platform: io.platform, environment: io.environment }),
    readQuota: async () => (await createQuotaLog({ path: paths.quota }).read()).snapshots,
    now: io.now,
  };
}
