import { homedir } from 'node:os';
import { join } from 'node:path';

/** Where Switchboard keeps its state (DESIGN §3). */
export interface SwitchboardPaths {
  /** `$SWITCHBOARD_HOME`, default `~/.switchboard`. */
  home: string;
  /** `config.toml` */
  config: string;
  /** The encrypted session store, `auth.json`. */
  authStore: string;
  /** The file-store key, `auth.key` (only when no keychain holds it). */
  authKey: string;
  /** Lock file guarding read-modify-write of the store and refreshes. */
  authLock: string;
  /** Lock file guarding config.toml read-modify-write. */
  configLock: string;
  /** Log directory. */
  logs: string;
  /** Local usage log (JSON lines). */
  usageLog: string;
  /** Auth event log (JSON lines, rotated), written by every process of the home. */
  eventLog: string;
  /** Slots of subscription routes taken by agent sessions, shared by every process. */
  routeSlots: string;
  /** Limits given to running agent sessions on the command line (`sb run --max-tokens`), one file each. */
  agentSessions: string;
  /** Plan usage windows providers reported (quota.json), shared between processes. */
  quota: string;
  /** Subscription sessions whose plan window is used up, until their reset (shared by every process). */
  exhaustedSessions: string;
}

/** Builds every path from one home directory. */
export function createPaths(home: string): SwitchboardPaths {
  return {
    home,
    config: join(home, 'config.toml'),
    authStore: join(home, 'auth.json'),
    authKey: join(home, 'auth.key'),
    authLock: join(home, 'auth.lock'),
    configLock: join(home, 'config.lock'),
    logs: join(home, 'logs'),
    usageLog: join(home, 'usage.jsonl'),
    eventLog: join(home, 'logs', 'events.jsonl'),
    routeSlots: join(home, 'run', 'slots'),
    agentSessions: join(home, 'run', 'sessions'),
    quota: join(home, 'quota.json'),
    exhaustedSessions: join(home, 'run', 'exhausted-sessions.json'),
  };
}

/** Resolves the home directory from an environment (SWITCHBOARD_HOME or ~/.switchboard). */
export function resolveHome(environment: Readonly<Record<string, string | undefined>>): string {
  const fromEnvironment = environment.SWITCHBOARD_HOME;
  if (fromEnvironment && fromEnvironment.trim() !== '') return fromEnvironment;
  return join(environment.HOME ?? homedir(), '.switchboard');
}
