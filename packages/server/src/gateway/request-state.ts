import { performance } from 'node:perf_hooks';
import { formatAgentSession, type AgentSession, type CredentialContext, type RouteTarget } from '@switchboard/core';
import type { AccessLog, AccessLogFields } from './access-log.js';
import type { ApiDialect } from './api-dialect.js';
import type { GatewayRequestState } from './gateway-types.js';
import { RequestTiming } from './upstream-timing.js';

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** The caller's `x-request-id` when it is a sane id, else a new one from `newId`. */
export function requestIdOf(incoming: string | null | undefined, newId: () => string): string {
  return incoming != null && REQUEST_ID.test(incoming) ? incoming : newId();
}

/** Access-log fields of a finished request. Never headers, bodies or anything secret. */
export function accessLogFields(
  state: GatewayRequestState,
  method: string,
  path: string,
  status: number,
  now: number,
): AccessLogFields {
  return {
    reqId: state.id,
    method,
    path,
    status,
    model: state.model,
    provider: state.route?.provider,
    authMethod: state.route?.method,
    credentialLevel: state.level || undefined,
    stream: state.stream,
    agent: state.agentSession ? formatAgentSession(state.agentSession) : undefined,
    durationMs: toMicroseconds(now - state.timing.arrivedAt),
    overheadMs: toMicroseconds(state.timing.overheadMs(now)),
    errorCode: state.errorCode,
    errorField: state.errorField,
  };
}

/** Milliseconds rounded to the microsecond (arithmetic: no string on the way, as `toFixed` makes). */
function toMicroseconds(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

/** Told once when a request finishes (release it from the tracker, stop listening for its abort). */
export interface RequestFinisher {
  requestFinished(): void;
}

/** Who holds a request's abort controller (the fast path makes it only when something asks). */
export interface AbortOwner {
  readonly controller: AbortController;
}

/** What {@link createRequestState} needs to know of one request. */
export interface RequestStateInit {
  /** The caller's `x-request-id`, if any. */
  requestId: string | null | undefined;
  /** Makes the id of a request that brought none (`createRequestIds`). */
  newId: () => string;
  arrivedAt: number;
  dialect: ApiDialect;
  aborts: AbortOwner;
  method: string;
  path: string;
  accessLog: AccessLog;
  finisher: RequestFinisher;
}

/**
 * The per-request state both ways in share (Hono's middleware and the Node fast path): its id,
 * timing, API dialect and abort controller, and `finish`, which ends it once and writes its
 * access log line — on the next turn for a non-streamed response (it is sent after `finish`
 * runs, and formatting the line should not delay it), at once for a stream (it has ended).
 */
export function createRequestState(init: RequestStateInit): GatewayRequestState {
  return new RequestState(init);
}

/** One request's state: one object (it lives as long as the request, streams included). */
class RequestState implements GatewayRequestState {
  readonly id: string;
  readonly timing: RequestTiming;
  readonly dialect: ApiDialect;
  model: string | undefined = undefined;
  agentSession?: AgentSession;
  credentialContext?: CredentialContext;
  route: RouteTarget | undefined = undefined;
  level: string | undefined = undefined;
  stream = false;
  streaming = false;
  errorCode: string | undefined = undefined;
  errorField: string | undefined = undefined;
  private readonly aborts: AbortOwner;
  private readonly method: string;
  private readonly path: string;
  private readonly accessLog: AccessLog;
  private finisher: RequestFinisher | undefined;

  constructor(init: RequestStateInit) {
    this.id = requestIdOf(init.requestId, init.newId);
    this.timing = new RequestTiming(init.arrivedAt);
    this.dialect = init.dialect;
    this.aborts = init.aborts;
    this.method = init.method;
    this.path = init.path;
    this.accessLog = init.accessLog;
    this.finisher = init.finisher;
  }

  get controller(): AbortController {
    return this.aborts.controller;
  }

  finish(status: number): void {
    const { finisher } = this;
    if (finisher === undefined) return;
    this.finisher = undefined;
    finisher.requestFinished();
    const fields = accessLogFields(this, this.method, this.path, status, performance.now());
    // A streamed answer has ended: nothing waits for this line any more.
    if (this.streaming) this.accessLog(fields);
    else setImmediate(this.accessLog, fields);
  }
}
