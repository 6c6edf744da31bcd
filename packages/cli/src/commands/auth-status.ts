import {
  detectCliBridge,
  isCliBridgeMethod,
  resolveProviderId,
  type CliBridgeLoginState,
  type ProviderStatus,
} from '@switchboard/core';
import type { CliIo } from '../cli-io.js';
import { formatStatusLine } from '../io/format-status.js';
import { writeJsonLine } from '../io/json-line.js';
import { createTerminalStyle } from '../io/terminal-style.js';
import { openCliSwitchboard } from './open-cli-switchboard.js';

/**
 * `sb auth status [provider] [--json]`: exit 0 when that provider (or any) is logged in,
 * else 3. `--json` prints exactly
 * `{"active":{"provider","method"}|null,"providers":[{"provider","name","loggedIn","method","account","plan","expiresAt","refreshable"}]}`;
 * a provider served by a CLI bridge also has `"bridge":{"cli","command","installed","signedIn","version","account","plan","evidence"}`,
 * the vendor CLI's own login state (asked of the CLI, no model call), and counts as logged in only
 * when that CLI is signed in.
 */
export async function runAuthStatus(
  io: CliIo,
  providerName: string | undefined,
  options: { json?: boolean },
): Promise<number> {
  const provider = providerName === undefined ? undefined : resolveProviderId(providerName);
  const { auth, store } = await openCliSwitchboard(io);
  const all = await auth.status();
  const selected = provider === undefined ? all : all.filter((status) => status.provider === provider);
  const statuses = await Promise.all(selected.map((status) => withBridgeState(status, io.environment)));
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
    for (const status of statuses) {
      io.stdout.write(`${formatStatusLine(status, { now, style })}\n`);
      if (status.bridge) io.stdout.write(`${style.dim(`   ${describeBridge(status.bridge)}`)}\n`);
    }
    if (!loggedIn) {
      io.stdout.write(`\nLog in with: sb auth login ${provider ?? '<provider>'}\n`);
    } else if (provider === undefined) {
      io.stdout.write(style.dim(`\nSessions are kept in ${store.description}.\n`));
    }
  }
  return loggedIn ? 0 : 3;
}

type StatusWithBridge = ProviderStatus & { bridge?: CliBridgeLoginState };

/** For a CLI-bridge session, asks the vendor CLI whether it is installed and signed in. */
async function withBridgeState(
  status: ProviderStatus,
  environment: Readonly<Record<string, string | undefined>>,
): Promise<StatusWithBridge> {
  if (!isCliBridgeMethod(status.method)) return status;
  const bridge = await detectCliBridge(status.method, { environment });
  return {
    ...status,
    loggedIn: status.loggedIn && bridge.signedIn,
    account: bridge.account ?? status.account,
    plan: bridge.plan ?? status.plan,
    bridge,
  };
}

/** `gemini 0.61.0 installed, signed in as a@b.c (from …)` or what is missing and how to fix it. */
function describeBridge(bridge: CliBridgeLoginState): string {
  if (!bridge.installed) return `\`${bridge.command}\` is not installed (${bridge.evidence})`;
  const state = bridge.signedIn ? `signed in${bridge.account ? ` as ${bridge.account}` : ''}` : 'NOT signed in';
  return `\`${bridge.command}\` ${bridge.version ?? ''} installed, ${state} (from ${bridge.evidence})`;
}

function toStatusJson(status: StatusWithBridge): Record<string, unknown> {
  return {
    provider: status.provider,
    name: status.name,
    loggedIn: status.loggedIn,
    method: status.method,
    account: status.account,
    plan: status.plan,
    expiresAt: status.expiresAt,
    refreshable: status.refreshable,
    ...(status.bridge
      ? {
          bridge: {
            cli: status.bridge.method,
            command: status.bridge.command,
            installed: status.bridge.installed,
            signedIn: status.bridge.signedIn,
            version: status.bridge.version ?? null,
            account: status.bridge.account ?? null,
            plan: status.bridge.plan ?? null,
            evidence: status.bridge.evidence,
          },
        }
      : {}),
  };
}
