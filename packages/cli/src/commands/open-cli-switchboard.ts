import { openSwitchboard } from '@switchboard/core/startup';
import type { CliIo } from '../cli-io.js';

/** Opens Switchboard's state (config, store, AuthManager) for one command. */
export function openCliSwitchboard(io: CliIo, processName = 'cli'): ReturnType<typeof openSwitchboard> {
  return openSwitchboard({
    // No notice when the event log cannot be written: a home that cannot be written fails the
    // command itself with its one line (DISK_FULL, READ_ONLY_FILESYSTEM), and events are diagnostics.
    processName,
    // Requests go through the home's network (proxy and CA aware); it touches globalThis.fetch,
    // which loads undici (~10 ms of startup), only on the first request.
    environment: io.environment,
    now: io.now,
  });
}
