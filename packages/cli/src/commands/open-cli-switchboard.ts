import { openSwitchboard } from '@switchboard/core';
import type { CliIo } from '../cli-io.js';

/** Opens Switchboard's state (config, store, AuthManager) for one command. */
export function openCliSwitchboard(io: CliIo): ReturnType<typeof openSwitchboard> {
  return openSwitchboard({
    // Requests go through the home's network (proxy and CA aware); it touches globalThis.fetch,
    // which loads undici (~10 ms of startup), only on the first request.
    environment: io.environment,
    now: io.now,
  });
}
