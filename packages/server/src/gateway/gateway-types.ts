import type { Logger } from 'pino';
import type {
  AgentSession,
  AuthManager,
  Catalog,
  CredentialContext,
  Forwarded,
  ForwardLane,
  ForwardRequest,
  RouteTarget,
  WireFormat,
} from '@switchboard/core';
import type { ApiDialect } from './api-dialect.js';
import type { RequestTracker } from './request-tracker.js';
import type { RequestTiming, UpstreamTiming } from './upstream-timing.js';

/**
 * What the gateway needs of the provider runtime (core's `createRuntime`): routing, refresh,
 * fallback, normalized errors and the same-wire pass-through all happen behind `forward`.
 *
 * `forward` follows the runtime contract: a failure before the first output throws (the gateway
 * can still answer with a proper HTTP status); after it, the stream ends with an error event.
 */
export interface GatewayRuntime {
  forward(request: ForwardRequest): Promise<Forwarded>;
  /**
   * A same-wire pass-through's lane, when the runtime has one (core's `Runtime.lane`): the Node
   * fast path sends repeated requests on it, and hands a failure before the first byte back to
   * `forward`.
   */
  lane?(model: string, wire: WireFormat): ForwardLane | undefined;
  /** The model's usable routes now (empty when no credential can serve it); reads no secret. */
  resolveRoutes(model: string, context?: CredentialContext): Promise<readonly { target: RouteTarget }[]>;
  /** Circuit breakers that have seen traffic (`open` means the route is failing). */
  circuits(): readonly { route: Pick<RouteTarget, 'provider' | 'method'>; state: string; retryInMs: number }[];
  /** Waits for background work (usage-log lines) to be written; called on shutdown. */
  flush(): Promise<void>;
}

/** What the gateway reads of the AuthManager: each provider's session, for `/readyz`. */
export type GatewayAuth = Pick<AuthManager, 'status'>;

/** The catalog calls the gateway uses. */
export type GatewayCatalog = Pick<Catalog, 'get' | 'require' | 'list'>;

/** Checks a presented API key; resolves the caller's credential context, or undefined for a wrong key. */
export type GatewayAuthenticator = (
  key: string,
  /** The request, for what else an authenticator reads (a header naming the credential). */
  request: Request,
) => Promise<{ credentialContext: CredentialContext } | undefined>;

/** Options for `createGatewayApp`. */
export interface GatewayAppOptions {
  runtime: GatewayRuntime;
  catalog: GatewayCatalog;
  auth: GatewayAuth;
  logger: Logger;
  /** The local bearer token every request but `/healthz` must present (unless `authenticate` is given). */
  token?: string;
  /**
   * Who a presented key belongs to, instead of the one local token (the team server's personal
   * API keys): the credential context its requests are served with, or undefined to refuse it.
   */
  authenticate?: GatewayAuthenticator;
  /** Clock for `created` timestamps, epoch ms. Default `Date.now`. */
  now?: () => number;
  /** Largest accepted request body, bytes. Default 10 MiB. */
  bodyLimitBytes?: number;
  /**
   * Links requests to the runtime's upstream calls for `x-switchboard-overhead-ms`. Pass the
   * same object whose `wrapFetch` the runtime was built with; without it the runtime call
   * itself counts as upstream time.
   */
  upstreamTiming?: UpstreamTiming;
  /** Open requests, for graceful shutdown. `startGateway` passes its own. */
  tracker?: RequestTracker;
  /**
   * The port the gateway listens on, once known. When set, every request must address a
   * loopback host with this port and carry no foreign `Origin` (see `checkLoopbackHost`).
   */
  listeningPort?: () => number | undefined;
}

/** Per-request state the gateway's middleware and handlers share. */
export interface GatewayRequestState {
  id: string;
  timing: RequestTiming;
  dialect: ApiDialect;
  /** Aborted when the client goes away or the gateway stops: the runtime's `signal`. */
  controller: AbortController;
  /** The model as the caller named it. */
  model: string | undefined;
  /** The agent session the caller named (token suffix or `x-switchboard-session`). */
  agentSession?: AgentSession;
  /** Whom the request is for (a team member), when the gateway authenticates callers by key. */
  credentialContext?: CredentialContext;
  route: RouteTarget | undefined;
  /** The credential level that served it (`user`, `workspace`, `session`, …), when known. */
  level: string | undefined;
  stream: boolean;
  /** True once a streamed body owns the rest of the request (it logs and releases at its end). */
  streaming: boolean;
  errorCode: string | undefined;
  /** The request field a 400 is about (`messages.1.role`), for the access log. */
  errorField: string | undefined;
  /** Ends the request once: releases it from the tracker and writes the access log line. */
  finish(status: number): void;
}

/** Hono environment of the gateway app. */
export interface GatewayEnv {
  Variables: { state: GatewayRequestState };
}
