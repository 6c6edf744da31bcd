import { openSwitchboard } from '@switchboard/core';
import type { CliIo } from '../cli-io.js';

/** Opens Switchboard's state (config, store, AuthManager) for one command. */
export function openCliSwitchboard(io: CliIo): ReturnType<typeof openSwitchboard> {
  return openSwitchboard({
    environment: io.environment,
    // Touching globalThis.fetch loads undici (~10 ms of startup); defer it to the first request.
    fetch: (input, init) => globalThis.fetch(input, init),
    now: io.now,
  });
}
