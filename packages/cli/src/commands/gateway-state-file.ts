import { readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '@switchboard/core';

/** Name of the file, in `$SWITCHBOARD_HOME`, that says where this home's local gateway listens. */
export const GATEWAY_STATE_FILE = 'gateway.json';

/** What the state file holds: where the gateway listens and which process serves it. Nothing secret. */
export interface GatewayState {
  url: string;
  pid: number;
  startedAt: string;
}

/** Options for {@link findRunningGateway}. */
export interface FindGatewayOptions {
  home: string;
  /** The local token, to check the gateway at `url` is this home's (it must accept it). */
  token: string;
  fetch?: typeof fetch;
  /** Whether a process id is alive. Default: `process.kill(pid, 0)`. */
  isAlive?: (pid: number) => boolean;
  /** How long the check may take, ms. Default 1,500. */
  timeoutMs?: number;
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, but another user's.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function parseState(text: string): GatewayState | undefined {
  try {
    const value = JSON.parse(text) as Partial<GatewayState>;
    if (typeof value.url === 'string' && /^http:\/\/127\.0\.0\.1:\d+$/.test(value.url) && Number.isInteger(value.pid))
      return { url: value.url, pid: value.pid as number, startedAt: String(value.startedAt ?? '') };
  } catch {
    // Unreadable: treated as no gateway (and replaced by the next one that starts).
  }
  return undefined;
}

/**
 * The gateway this home's state file names, when it is really running: its process is alive
 * and it answers `GET /v1/models` with this home's token. A file naming a dead process is
 * removed; one naming a live process that does not answer is left to its owner.
 */
export async function findRunningGateway(options: FindGatewayOptions): Promise<GatewayState | undefined> {
  const path = join(options.home, GATEWAY_STATE_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
  const state = parseState(text);
  if (!state) return undefined;
  if (!(options.isAlive ?? processIsAlive)(state.pid)) {
    await unlink(path).catch(() => undefined);
    return undefined;
  }
  try {
    const response = await (options.fetch ?? fetch)(`${state.url}/v1/models`, {
      headers: { authorization: `Bearer ${options.token}` },
      signal: AbortSignal.timeout(options.timeoutMs ?? 1_500),
    });
    await response.body?.cancel();
    return response.ok ? state : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Writes the state file for a gateway this process serves; the returned function removes it
 * again (only while it still names this process: a later gateway may have replaced it).
 */
export async function advertiseGateway(home: string, url: string, pid = process.pid): Promise<() => Promise<void>> {
  const path = join(home, GATEWAY_STATE_FILE);
  const state: GatewayState = { url, pid, startedAt: new Date().toISOString() };
  await writeFileAtomic(path, `${JSON.stringify(state)}\n`);
  return async () => {
    const current = parseState(await readFile(path, 'utf8').catch(() => ''));
    if (current?.pid === pid && current.url === url) await unlink(path).catch(() => undefined);
  };
}
