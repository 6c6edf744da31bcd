import { performance } from 'node:perf_hooks';
import { Hono, type Context } from 'hono';
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
import type { GatewayDependencies } from './gateway-dependencies.js';
import type { GatewayAppOptions, GatewayEnv } from './gateway-types.js';
import type { HeaderSource } from './header-source.js';
import { errorAnswer } from './error-answer.js';
import { agentSessionOf, callerRefused } from './admit-caller.js';
import { createAccessLog } from './access-log.js';
import { createRequestIds } from './create-request-ids.js';
import { createRequestState } from './request-state.js';
import { registerHealthRoutes, registerReadinessRoute } from './health-routes.js';
import { DEFAULT_BODY_LIMIT_BYTES } from './read-json-body.js';
import { createRequestTracker, type RequestTracker } from './request-tracker.js';
import { createUpstreamTiming, OVERHEAD_HEADER } from './upstream-timing.js';

export { OVERHEAD_HEADER };
export { accessLogFields } from './request-state.js';

/** True for a request in Anthropic's API (its path, or an `anthropic-version` header). */
export function isAnthropicRequest(path: string, headers: HeaderSource): boolean {
  return path.startsWith('/v1/messages') || headers.get('anthropic-version') !== null;
}

/** The dependencies the route modules share, from the app's options (defaults filled in). */
export function gatewayDependencies(
  options: GatewayAppOptions,
  tracker: RequestTracker = options.tracker ?? createRequestTracker(),
): GatewayDependencies {
  return {
    runtime: options.runtime,
    catalog: options.catalog,
    auth: options.auth,
    logger: options.logger,
    accessLog: createAccessLog(options.logger),
    now: options.now ?? Date.now,
    bodyLimitBytes: options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES,
    tracker,
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
  const dependencies = gatewayDependencies(options);
  const { tracker } = dependencies;
  const newId = createRequestIds();
  const app = new Hono<GatewayEnv>();

  app.use(async (c, next) => {
    const arrivedAt = performance.now();
    const controller = new AbortController();
    const release = tracker.add(controller);
    const clientSignal = c.req.raw.signal;
    const onClientGone = (): void => controller.abort(clientSignal.reason);
    clientSignal.addEventListener('abort', onClientGone, { once: true });
    const state = createRequestState({
      requestId: c.req.header('x-request-id'),
      newId,
      arrivedAt,
      dialect: isAnthropicRequest(c.req.path, c.req.raw.headers) ? anthropicDialect : openaiDialect,
      aborts: { controller },
      method: c.req.method,
      path: c.req.path,
      accessLog: dependencies.accessLog,
      finisher: {
        requestFinished() {
          clientSignal.removeEventListener('abort', onClientGone);
          release();
        },
      },
    });
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
    if (!accepted) throw callerRefused(authenticate !== undefined);
    const agentSession = agentSessionOf(session, c.req.header(AGENT_SESSION_HEADER));
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
  const { status, body, headers } = errorAnswer(c.get('state'), thrown, logger);
  return c.json(body, status as 400, headers);
}
