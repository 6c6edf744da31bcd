import type { AuthEvent } from '../auth/types.js';
import type { RouteEvent } from '../runtime/route-event.js';

/** What happened, in the event log's words. */
export type EventKind =
  | 'login.started'
  | 'login.succeeded'
  | 'login.failed'
  | 'logout'
  | 'refresh.succeeded'
  | 'refresh.adopted'
  | 'refresh.failed'
  | 'session.expired'
  | 'switch.succeeded'
  | 'switch.failed'
  | 'route.fallback'
  | 'bridge.failed'
  | 'circuit.opened'
  | 'circuit.closed';

/**
 * One line of the event log (`$SWITCHBOARD_HOME/logs/events.jsonl`). Only names, codes and
 * numbers: never a token, key, code, prompt or free-form message.
 */
export interface EventLogEntry {
  /** ISO 8601. */
  time: string;
  pid: number;
  /** Which program wrote it: `cli`, `chat`, `gateway`. */
  process: string;
  kind: EventKind;
  provider?: string;
  method?: string;
  /** The stored session (`work` of `openai/work`), when a provider has several. */
  session?: string;
  /** The SwitchboardError code of a failure. */
  code?: string;
  /** The provider switched away from. */
  from?: string;
  /** The catalog model a request asked for (route events). */
  model?: string;
  latencyMs?: number;
  /** A failed refresh that left the session usable (the old token is still valid). */
  kept?: boolean;
}

/** The log line of an AuthManager event (the time, pid and process are the writer's). */
export function entryOfAuthEvent(event: AuthEvent): Omit<EventLogEntry, 'time' | 'pid' | 'process'> {
  const entry = authEntry(event);
  return 'session' in event && event.session !== undefined ? { ...entry, session: event.session } : entry;
}

function authEntry(event: AuthEvent): Omit<EventLogEntry, 'time' | 'pid' | 'process'> {
  switch (event.type) {
    case 'login-started':
      return { kind: 'login.started', provider: event.provider, method: event.method };
    case 'login':
      return { kind: 'login.succeeded', provider: event.provider, method: event.method };
    case 'login-failed':
      return { kind: 'login.failed', provider: event.provider, method: event.method, code: event.code };
    case 'logout':
      return { kind: 'logout', provider: event.provider };
    case 'refresh':
      return { kind: event.outcome === 'adopted' ? 'refresh.adopted' : 'refresh.succeeded', provider: event.provider };
    case 'refresh-failed':
      return { kind: 'refresh.failed', provider: event.provider, code: event.code, kept: event.kept };
    case 'expired':
      return { kind: 'session.expired', provider: event.provider };
    case 'switch':
      return {
        kind: 'switch.succeeded',
        provider: event.provider,
        ...(event.from ? { from: event.from } : {}),
        ...(event.latencyMs === undefined ? {} : { latencyMs: event.latencyMs }),
      };
    case 'switch-failed':
      return {
        kind: 'switch.failed',
        provider: event.provider,
        code: event.code,
        ...(event.from ? { from: event.from } : {}),
        latencyMs: event.latencyMs,
      };
  }
}

/** The log line of a runtime route event. */
export function entryOfRouteEvent(event: RouteEvent): Omit<EventLogEntry, 'time' | 'pid' | 'process'> {
  switch (event.type) {
    case 'fallback':
      return {
        kind: 'route.fallback',
        model: event.model,
        provider: event.provider,
        method: event.method,
        ...(event.session ? { session: event.session } : {}),
        code: event.code,
      };
    case 'bridge-failed':
      return {
        kind: 'bridge.failed',
        model: event.model,
        provider: event.provider,
        method: event.method,
        code: event.code,
      };
    case 'circuit':
      return {
        kind: event.state === 'open' ? 'circuit.opened' : 'circuit.closed',
        provider: event.provider,
        method: event.method,
      };
  }
}
