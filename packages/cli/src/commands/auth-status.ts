import { resolveProviderId, type ProviderStatus } from '@switchboard/core';
import type { CliIo } from '../cli-io.js';
import { formatStatusLine } from '../io/format-status.js';
import { writeJsonLine } from '../io/json-line.js';
import { createTerminalStyle } from '../io/terminal-style.js';
import { openCliSwitchboard } from './open-cli-switchboard.js';

/**
 * `sb auth status [provider] [--json]`: exit 0 when that provider (or any) is logged in,
 * else 3. `--json` prints exactly
 * `{"active":{"provider","method"}|null,"providers":[{"provider","name","loggedIn","method","account","plan","expiresAt","refreshable"}]}`.
 */
export async function runAuthStatus(
  io: CliIo,
  providerName: string | undefined,
  options: { json?: boolean },
): Promise<number> {
  const provider = providerName === undefined ? undefined : resolveProviderId(providerName);
  const { auth, store } = await openCliSwitchboard(io);
  const all = await auth.status();
  const statuses = provider === undefined ? all : all.filter((status) => status.provider === provider);
  const active = all.find((status) => status.active && status.method !== null) ?? null;
  const loggedIn = statuses.some((status) => status.loggedIn);

  if (options.json) {
    writeJsonLine(io.stdout, {
      active: active === null ? null : { provider: active.provider, method: active.method },
      providers: statuses.map(toStatusJson),
    });
  } else {
    const style = createTerminalStyle({ stream: io.stdout, environment: io.environment });
    const now = io.now();
    for (const status of statuses) io.stdout.write(`${formatStatusLine(status, { now, style })}\n`);
    if (!loggedIn) {
      io.stdout.write(`\nLog in with: sb auth login ${provider ?? '<provider>'}\n`);
    } else if (provider === undefined) {
      io.stdout.write(style.dim(`\nSessions are kept in ${store.description}.\n`));
    }
  }
  return loggedIn ? 0 : 3;
}

function toStatusJson(status: ProviderStatus): Record<string, unknown> {
  return {
    provider: status.provider,
    name: status.name,
    loggedIn: status.loggedIn,
    method: status.method,
    account: status.account,
    plan: status.plan,
    expiresAt: status.expiresAt,
    refreshable: status.refreshable,
  };
}
