import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { ConfigFile } from './config-schema.js';
import { parseConfigText, resolveConfig, type SwitchboardConfig } from './load-config.js';
import type { SwitchboardPaths } from './paths.js';
import { readTextIfExists } from './read-text-if-exists.js';
import { updateConfigFile } from './update-config.js';

/** Options of {@link createConfigOwner}. */
export interface CreateConfigOwnerOptions {
  paths: SwitchboardPaths;
  /** The configuration as already loaded from `paths.config`. */
  config: SwitchboardConfig;
}

/**
 * The one owner of a home's configuration in a process: the AuthManager, the runtime and the
 * chat all read it here, so a switch made by one of them (or by `sb use` in another terminal,
 * once {@link ConfigOwner.watch} runs) is what the others see next.
 */
export interface ConfigOwner {
  /** The configuration as last read or written. */
  current(): SwitchboardConfig;
  /**
   * The configuration, after any re-read a change notice (see `watch`) has started: what the
   * next request should be planned from. Does no I/O when nothing changed.
   */
  latest(): Promise<SwitchboardConfig>;
  /** What `latest` would answer without waiting, or undefined while a re-read is under way. */
  settled(): SwitchboardConfig | undefined;
  /** Reads config.toml again (parsed only when its text changed). */
  reload(): Promise<SwitchboardConfig>;
  /** Read-modify-write of config.toml under the config lock (see `updateConfigFile`). */
  update(mutate: (document: ConfigFile) => void): Promise<SwitchboardConfig>;
  /** Calls `listener` with each configuration that differs from the one before. Returns the unsubscribe. */
  onChange(listener: (config: SwitchboardConfig) => void): () => void;
  /**
   * Notices changes other processes make to config.toml (`sb use`, `sb auth switch` in another
   * terminal) and reloads. Returns the function that stops watching; does not keep the process alive.
   */
  watch(): () => void;
}

/** Creates the {@link ConfigOwner} of one home. */
export function createConfigOwner(options: CreateConfigOwnerOptions): ConfigOwner {
  const { paths } = options;
  let config = options.config;
  // The text config.toml had when `config` was parsed from it: unchanged bytes need no parse.
  let configText: string | undefined;
  let pending: Promise<SwitchboardConfig> | undefined;
  const listeners = new Set<(config: SwitchboardConfig) => void>();

  const adopt = (next: SwitchboardConfig): SwitchboardConfig => {
    if (next === config) return config;
    config = next;
    for (const listener of listeners) {
      try {
        listener(config);
      } catch {
        // A faulty listener must not break reading the configuration.
      }
    }
    return config;
  };

  async function reload(): Promise<SwitchboardConfig> {
    const text = (await readTextIfExists(paths.config)) ?? '';
    if (text === configText) return config;
    const parsed = resolveConfig(await parseConfigText(text, paths.config));
    configText = text;
    return adopt(parsed);
  }

  return {
    current: () => config,
    async latest() {
      while (pending) await pending.catch(() => undefined);
      return config;
    },
    settled: () => (pending ? undefined : config),
    reload,
    async update(mutate) {
      const written = await updateConfigFile(paths, mutate);
      configText = undefined;
      return adopt(resolveConfig(written));
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    watch() {
      const name = basename(paths.config);
      let watcher: FSWatcher | undefined;
      try {
        // The directory, not the file: config.toml is replaced by rename on every write.
        watcher = watch(dirname(paths.config), { persistent: false }, (_event, changed) => {
          if (changed !== null && changed !== name) return;
          const reading: Promise<SwitchboardConfig> = reload()
            // A half-edited or invalid file keeps the configuration as it was; the next change retries.
            .catch(() => config)
            .finally(() => {
              if (pending === reading) pending = undefined;
            });
          pending = reading;
        });
        watcher.on('error', () => watcher?.close());
      } catch {
        // No directory to watch (nothing written yet) or no watcher available: reads stay explicit.
        return () => undefined;
      }
      return () => watcher?.close();
    },
  };
}
