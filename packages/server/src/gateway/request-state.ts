import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { formatAgentSession } from '@switchboard/core';
import type { AccessLog, AccessLogFields } from './access-log.js';
import type { ApiDialect } from './api-dialect.js';
import type { GatewayRequestState } from './gateway-types.js';
import { RequestTiming } from './upstream-timing.js';

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** The caller's `x-request-id` when it is a sane id, else a new one. */
export function requestIdOf(incoming: string | null | undefined): string {
  return incoming != null && REQUEST_ID.test(incoming) ? incoming : randomUUID();
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
    durationMs: Number((now - state.timing.arrivedAt).toFixed(3)),
    overheadMs: Number(state.timing.overheadMs(now).toFixed(3)),
    errorCode: state.errorCode,
    errorField: state.errorField,
  };
}

/** What {@link createRequestState} needs to know of one request. */
export interface RequestStateInit {
  /** The caller's `x-request-id`, if any. */
  requestId: string | null | undefined;
  arrivedAt: number;
  dialect: ApiDialect;
  controller: AbortController;
  method: string;
  path: string;
  accessLog: AccessLog;
  /** Runs once when the request finishes (release it from the tracker, drop listeners). */
  onFinish(): void;
}

/**
 * The per-request state both ways in share (Hono's middleware and the Node fast path): its id,
 * timing, API dialect and abort controller, and `finish`, which ends it once and writes its
 * access log line — on the next turn for a non-streamed response (it is sent after `finish`
 * runs, and formatting the line should not delay it), at once for a stream (it has ended).
 */
export function createRequestState(init: RequestStateInit): GatewayRequestState {
  let finished = false;
  const state: GatewayRequestState = {
    id: requestIdOf(init.requestId),
    timing: new RequestTiming(init.arrivedAt),
    dialect: init.dialect,
    controller: init.controller,
    model: undefined,
    route: undefined,
    level: undefined,
    stream: false,
    streaming: false,
    errorCode: undefined,
    errorField: undefined,
    finish(status) {
      if (finished) return;
      finished = true;
      init.onFinish();
      const fields = accessLogFields(state, init.method, init.path, status, performance.now());
      // A streamed answer has ended: nothing waits for this line any more.
      if (state.streaming) init.accessLog(fields);
      else setImmediate(init.accessLog, fields);
    },
  };
  return state;
}
