import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Hono, type Context } from 'hono';
import { formatAgentSession, parseAgentSession } from '@switchboard/core';
import { anthropicDialect } from '../anthropic/anthropic-dialect.js';
import { registerCountTokensRoute } from '../anthropic/count-tokens-route.js';
import { registerMessagesRoute } from '../anthropic/messages-route.js';
import { registerChatCompletionsRoute } from '../openai/chat-completions-route.js';
import { registerModelsRoutes } from '../openai/models-route.js';
import { openaiDialect } from '../openai/openai-dialect.js';
import { registerResponsesRoute } from '../openai/responses-route.js';
import { AGENT_SESSION_HEADER, createTokenCheck, presentedToken, splitAgentSession } from './create-token-check.js';
import { GatewayRequestError } from './gateway-request-error.js';
import { checkLoopbackHost } from './loopback-host-check.js';
import type { GatewayAppOptions, GatewayEnv, GatewayRequestState } from './gateway-types.js';
import { registerHealthRoutes, registerReadinessRoute } from './health-routes.js';
import { DEFAULT_BODY_LIMIT_BYTES } from './read-json-body.js';
import { createRequestTracker } from './request-tracker.js';
import { toSwitchboardError } from './to-switchboard-error.js';
import { createUpstreamTiming, OVERHEAD_HEADER, RequestTiming } from './upstream-timing.js';

export { OVERHEAD_HEADER };

const REQUEST_ID = /^[\w.:-]{1,128}$/;

function requestIdOf(incoming: string | undefined): string {
  return incoming !== undefined && REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

function isAnthropicRequest(path: string, headers: Headers): boolean {
  return path.startsWith('/v1/messages') || headers.has('anthropic-version');
}

/** Access-log fields of a finished request. Never headers, bodies or anything secret. */
export function accessLogFields(
  state: GatewayRequestState,
  method: string,
  path: string,
  status: number,
  now: number,
): Record<string, unknown> {
  return {
    reqId: state.id,
    method,
    path,
    status,
    model: state.model,
    provider: state.route?.provider,
    authMethod: state.route?.method,
    ...(state.level ? { credentialLevel: state.level } : {}),
    stream: state.stream,
    ...(state.agentSession ? { agent: formatAgentSession(state.agentSession) } : {}),
    durationMs: Number((now - state.timing.arrivedAt).toFixed(3)),
    overheadMs: Number(state.timing.overheadMs(now).toFixed(3)),
    ...(state.errorCode === undefined ? {} : { errorCode: state.errorCode }),
    ...(state.errorField === undefined ? {} : { errorField: state.errorField }),
  };
}

/**
 * The local gateway as a Hono app: OpenAI (`/v1/chat/completions`, `/v1/responses`,
 * `/v1/models`) and Anthropic (`/v1/messages`) endpoints over the provider runtime, a bearer
 * token on everything but `/healthz`, one error mapping per API, request ids, overhead
 * headers and access logs. Serve it with `startGateway`, or call `app.request` in tests.
 */
export function createGatewayApp(options: GatewayAppOptions): Hono<GatewayEnv> {
  const { logger } = options;
  const checkToken = options.token === undefined ? undefined : createTokenCheck(options.token);
  const { authenticate } = options;
  if (!checkToken && !authenticate) throw new Error('The gateway needs a token or an authenticator.');
  const upstreamTiming = options.upstreamTiming ?? createUpstreamTiming();
  const tracker = options.tracker ?? createRequestTracker();
  const dependencies = {
    runtime: options.runtime,
    catalog: options.catalog,
    auth: options.auth,
    logger,
    now: options.now ?? Date.now,
    bodyLimitBytes: options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES,
    tracker,
  };
  const app = new Hono<GatewayEnv>();

  app.use(async (c, next) => {
    const arrivedAt = performance.now();
    const controller = new AbortController();
    const release = tracker.add(controller);
    const clientSignal = c.req.raw.signal;
    const onClientGone = (): void => controller.abort(clientSignal.reason);
    clientSignal.addEventListener('abort', onClientGone, { once: true });
    let finished = false;
    const state: GatewayRequestState = {
      id: requestIdOf(c.req.header('x-request-id')),
      timing: new RequestTiming(arrivedAt),
      dialect: isAnthropicRequest(c.req.path, c.req.raw.headers) ? anthropicDialect : openaiDialect,
      controller,
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
        clientSignal.removeEventListener('abort', onClientGone);
        release();
        const fields = accessLogFields(state, c.req.method, c.req.path, status, performance.now());
        // Written on the next turn: a non-streamed response is sent after this runs, and
        // formatting the line should not delay it.
        setImmediate(() => logger.info(fields, 'request'));
      },
    };
    c.set('state', state);
    try {
      await upstreamTiming.run(state.timing, next);
    } finally {
      c.header('x-request-id', state.id);
      c.header(OVERHEAD_HEADER, state.timing.overheadMs(performance.now()).toFixed(3));
      // A streamed body finishes the request at its own end.
      if (!state.streaming) state.finish(c.res.status);
    }
  });

  const { listeningPort } = options;
  if (listeningPort)
    app.use(async (c, next) => {
      const port = listeningPort();
      if (port !== undefined) checkLoopbackHost(c.req.raw.headers, port);
      await next();
    });

  registerHealthRoutes(app);

  app.use(async (c, next) => {
    const { token, session } = splitAgentSession(presentedToken(c.req.raw.headers));
    let accepted: boolean;
    if (authenticate) {
      const caller = token === undefined ? undefined : await authenticate(token, c.req.raw);
      if (caller) c.get('state').credentialContext = caller.credentialContext;
      accepted = caller !== undefined;
    } else {
      accepted = checkToken?.(token) ?? false;
    }
    if (!accepted) {
      throw new GatewayRequestError(
        'AUTH_FAILED',
        authenticate
          ? 'Missing, wrong or revoked API key. Send one of your personal API keys of this Switchboard team server (Authorization: Bearer … or x-api-key).'
          : 'Missing or wrong Switchboard gateway token. Send the token `sb serve --print-token` prints as the API key (Authorization: Bearer … or x-api-key).',
        { apiCode: 'invalid_api_key' },
      );
    }
    const named = c.req.header(AGENT_SESSION_HEADER);
    const agentSession = session ?? (named === undefined ? undefined : parseAgentSession(named.trim()));
    if (named !== undefined && !session && !agentSession) {
      throw new GatewayRequestError(
        'INVALID_REQUEST',
        `${AGENT_SESSION_HEADER} must be a name (letters, digits, - and _) or name.id.`,
      );
    }
    if (agentSession) c.get('state').agentSession = agentSession;
    await next();
  });

  registerReadinessRoute(app, dependencies);
  registerChatCompletionsRoute(app, dependencies);
  registerResponsesRoute(app, dependencies);
  registerMessagesRoute(app, dependencies);
  registerCountTokensRoute(app, dependencies);
  registerModelsRoutes(app, dependencies);

  app.notFound((c) =>
    errorResponse(
      c,
      new GatewayRequestError('INVALID_REQUEST', `No route ${c.req.method} ${c.req.path} on the Switchboard gateway.`, {
        status: 404,
      }),
      logger,
    ),
  );

  app.onError((thrown, c) => errorResponse(c, thrown, dependencies.logger));
  return app;
}

function errorResponse(c: Context<GatewayEnv>, thrown: unknown, logger: GatewayAppOptions['logger']): Response {
  const state = c.get('state');
  const error = toSwitchboardError(thrown);
  state.errorCode = error.code;
  if (error instanceof GatewayRequestError && error.param !== undefined) state.errorField = error.param;
  if (error.code === 'INTERNAL')
    logger.error(
      { reqId: state.id, errorName: thrown instanceof Error ? thrown.name : typeof thrown },
      'unexpected gateway failure',
    );
  const { status, body, headers } = state.dialect.errorResponse(error, state.id);
  return c.json(body, status as 400, headers);
}
