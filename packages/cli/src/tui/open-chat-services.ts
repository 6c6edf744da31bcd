import { createQuotaLog, switchModel } from '@switchboard/core';
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
  // Under the TUI a warning is a chat notice, never a line written over the frame.
  const cli = await openCliRuntime(io, {
    processName: 'chat',
    onWarning: (warning) => options.onWarning?.(warning.message),
  });
  // One owner of config.toml, shared with the AuthManager and the runtime: a /model switch here
  // or `sb use` in another terminal is what the next request and the status line follow.
  const { catalog, runtime, paths, configOwner } = cli;
  return {
    auth: cli.auth,
    catalog,
    environment: io.environment,
    homePath: paths.home,
    // Probing with a harmless address: whether this machine has any way to show a URL.
    canOpenBrowser: browserCommandFor('https://example.com/', io.platform, io.environment) !== null,
    loadConfig: () => configOwner.reload(),
    watchConfig(listener) {
      const stopWatching = configOwner.watch();
      const unsubscribe = configOwner.onChange(listener);
      return () => {
        unsubscribe();
        stopWatching();
      };
    },
    stream: (request) => runtime.stream(request),
    switchModel: (modelId) =>
      switchModel(modelId, {
        catalog,
        config: configOwner,
        resolveRoutes: (id) => runtime.resolveRoutes(id),
        style: 'tui',
      }),
    openUrl: createBrowserOpener({ platform: io.platform, environment: io.environment }),
    readQuota: async () => (await createQuotaLog({ path: paths.quota }).read()).snapshots,
    // The runtime's own view: a plan limit its request just recorded counts at once.
    exhaustion: { until: (target) => runtime.exhaustedUntil(target) },
    now: io.now,
    flush: () => runtime.flush(),
  };
}
