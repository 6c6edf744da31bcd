import { parseSessionRef, readEventLog, type EventLogEntry } from '@switchboard/core';
import type { CliIo } from '../cli-io.js';
import { writeJsonLine } from '../io/json-line.js';
import { openCliSwitchboard } from './open-cli-switchboard.js';
import { parseSince } from './parse-since.js';

/** Options of `sb auth log`. */
export interface AuthLogOptions {
  json?: boolean;
  since?: string;
  provider?: string;
}

/** One event as a sentence a person reads ("ChatGPT token refreshed"). */
export function describeEvent(entry: EventLogEntry, nameOf: (provider: string) => string): string {
  // A named session reads as "ChatGPT openai/work": a provider may hold several.
  const session = entry.session && entry.provider ? ` ${entry.provider}/${entry.session}` : '';
  const name = entry.provider ? `${nameOf(entry.provider)}${session}` : 'a provider';
  const method = entry.method ? ` (${entry.method})` : '';
  const took = entry.latencyMs === undefined ? '' : ` in ${entry.latencyMs} ms`;
  switch (entry.kind) {
    case 'login.started':
      return `sign-in to ${name} started${method}`;
    case 'login.succeeded':
      return `signed in to ${name}${method}`;
    case 'login.failed':
      return `sign-in to ${name} failed${method}: ${entry.code ?? 'unknown error'}`;
    case 'logout':
      return `signed out of ${name}`;
    case 'refresh.succeeded':
      return `${name} token refreshed`;
    case 'refresh.adopted':
      return `${name} token was already refreshed by another process; adopted it`;
    case 'refresh.failed':
      return `${name} token refresh failed: ${entry.code ?? 'unknown error'}${entry.kept ? ' (the current token is still valid and still used)' : ''}`;
    case 'session.expired':
      return `${name} session expired or was revoked; it was removed (sign in again)`;
    case 'switch.succeeded':
      return `switched to ${name}${entry.from && entry.from !== entry.provider ? ` from ${nameOf(entry.from)}` : ''}${took}`;
    case 'switch.failed':
      return `switch to ${name} failed: ${entry.code ?? 'unknown error'}${took}`;
    case 'route.fallback':
      return `${name}${method} failed for ${entry.model ?? 'a request'} (${entry.code ?? 'unknown error'}); fell back to the next route`;
    case 'bridge.failed':
      return `the ${entry.method ?? 'CLI'} bridge to ${name} failed for ${entry.model ?? 'a request'}: ${entry.code ?? 'unknown error'}`;
    case 'circuit.opened':
      return `${name}${method} is failing: requests skip it for a while (circuit open)`;
    case 'circuit.closed':
      return `${name}${method} answers again (circuit closed)`;
  }
}

/**
 * `sb auth log [--json] [--since 2h] [--provider openai]`: the auth events of every process of
 * this home (CLI, chat, gateway), oldest first, one line each; `--json` prints the stored lines.
 */
export async function runAuthLog(io: CliIo, options: AuthLogOptions): Promise<number> {
  const since = options.since === undefined ? undefined : parseSince(options.since, io.now());
  // `--provider openai/work`: one session's events (and the provider's that name no session).
  const ref = options.provider === undefined ? undefined : parseSessionRef(options.provider);
  const provider = ref?.provider;
  const { paths, config } = await openCliSwitchboard(io);
  const read = readEventLog(paths.eventLog, {
    ...(since === undefined ? {} : { since }),
    ...(provider === undefined ? {} : { provider }),
  });
  const { unreadableLines } = read;
  const entries =
    ref?.name === undefined
      ? read.entries
      : read.entries.filter((entry) => entry.session === undefined || entry.session === ref.name);
  if (unreadableLines > 0)
    io.stderr.write(`sb: skipped ${unreadableLines} unreadable line(s) of ${paths.eventLog} (left as they are).\n`);
  if (options.json) {
    for (const entry of entries) writeJsonLine(io.stdout, entry);
    return 0;
  }
  if (entries.length === 0) {
    io.stdout.write(`No auth events${since === undefined ? '' : ' in that period'} (${paths.eventLog}).\n`);
    return 0;
  }
  const nameOf = (id: string) => config.providers[id as keyof typeof config.providers]?.name ?? id;
  for (const entry of entries) {
    const time = new Date(entry.time).toLocaleString('sv-SE', { hour12: false });
    io.stdout.write(`${time}  ${`${entry.process}[${entry.pid}]`.padEnd(16)}  ${describeEvent(entry, nameOf)}\n`);
  }
  return 0;
}
