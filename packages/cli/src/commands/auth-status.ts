import {
  createSessionExhaustion,
  formatResetTime,
  detectCliBridge,
  isCliBridgeMethod,
  parseSessionRef,
  type CliBridgeLoginState,
  type ProviderStatus,
  type SessionStatus,
} from '@switchboard/core/startup';
import type { CliIo } from '../cli-io.js';
import { formatSessionLine, formatStatusLine } from '../io/format-status.js';
import { writeJsonLine } from '../io/json-line.js';
import { createTerminalStyle } from '../io/terminal-style.js';
import { openCliSwitchboard } from './open-cli-switchboard.js';

/**
 * `sb auth status [provider|provider/name] [--json]`: every session of every provider (several
 * per provider: a plan beside a key, work and personal accounts); exit 0 when that provider (or
 * session, or any) is logged in, else 3. `--json` prints exactly
 * `{"active":{"provider","method","session"}|null,"providers":[{"provider","name","loggedIn","method","account","plan","expiresAt","refreshable","session","sessions":[{"ref","name","method","account","plan","expiresAt","refreshable","active"}]}]}`
 * (the top-level fields are the provider's active session's);
 * a provider served by a CLI bridge also has `"bridge":{"cli","command","installed","signedIn","version","account","plan","evidence"}`,
 * the vendor CLI's own login state (asked of the CLI, no model call), and counts as logged in only
 * when that CLI is signed in.
 */
export async function runAuthStatus(
  io: CliIo,
  providerName: string | undefined,
  options: { json?: boolean },
): Promise<number> {
  const ref = providerName === undefined ? undefined : parseSessionRef(providerName);
  const provider = ref?.provider;
  const { auth, store, paths } = await openCliSwitchboard(io);
  // A subscription whose plan ran out is skipped by every process until its reset: say so.
  const exhaustion = createSessionExhaustion({ path: paths.exhaustedSessions, now: () => io.now() });
  const exhaustedUntil = (provider: string, session: SessionStatus) =>
    exhaustion.until({
      provider: provider as ProviderStatus['provider'],
      method: session.method,
      session: session.name,
    });
  const all = await auth.status();
  const selected = (provider === undefined ? all : all.filter((status) => status.provider === provider)).map(
    (status) =>
      ref?.name === undefined ? status : { ...status, sessions: status.sessions.filter((s) => s.name === ref.name) },
  );
  const statuses = await Promise.all(selected.map((status) => withBridgeState(status, io.environment)));
  const active = all.find((status) => status.active && status.method !== null) ?? null;
  const loggedIn =
    ref?.name === undefined
      ? statuses.some((status) => status.loggedIn)
      : statuses.some((status) => status.sessions.length > 0);

  if (options.json) {
    writeJsonLine(io.stdout, {
      active: active === null ? null : { provider: active.provider, method: active.method, session: active.session },
      providers: statuses.map((status) => toStatusJson(status, exhaustedUntil)),
    });
  } else {
    const style = createTerminalStyle({ stream: io.stdout, environment: io.environment });
    const now = io.now();
    for (const status of statuses) {
      io.stdout.write(`${formatStatusLine(status, { now, style })}\n`);
      if (status.bridge) io.stdout.write(`${style.dim(`   ${describeBridge(status.bridge)}`)}\n`);
      // One line per session when there are several, one was asked for by name, or one is skipped.
      const anyExhausted = status.sessions.some((session) => exhaustedUntil(status.provider, session) !== undefined);
      if (status.sessions.length > 1 || ref?.name !== undefined || anyExhausted)
        for (const session of status.sessions) {
          const until = exhaustedUntil(status.provider, session);
          const note =
            until === undefined ? '' : style.red(`  plan limit reached until ${formatResetTime(until, now)}`);
          io.stdout.write(`${formatSessionLine(session, { now, style })}${note}\n`);
        }
    }
    if (!loggedIn) {
      io.stdout.write(
        `\nLog in with: sb auth login ${provider ?? '<provider>'}${ref?.name === undefined ? '' : ` --name ${ref.name}`}\n`,
      );
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

function toStatusJson(
  status: StatusWithBridge,
  exhaustedUntil: (provider: string, session: SessionStatus) => number | undefined,
): Record<string, unknown> {
  return {
    provider: status.provider,
    name: status.name,
    loggedIn: status.loggedIn,
    method: status.method,
    account: status.account,
    plan: status.plan,
    expiresAt: status.expiresAt,
    refreshable: status.refreshable,
    session: status.session,
    sessions: status.sessions.map((session) => {
      const until = exhaustedUntil(status.provider, session);
      return { ...session, exhaustedUntil: until === undefined ? null : new Date(until).toISOString() };
    }),
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
