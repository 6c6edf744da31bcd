import { join } from 'node:path';
import {
  createCatalog,
  createProviderRegistry,
  createRuntime,
  createUsageLog,
  createQuotaLog,
  entryOfRouteEvent,
  recordBridgeQuota,
  openSwitchboard,
  type Environment,
  type SendUpstream,
  type OpenSwitchboardOptions,
  type RuntimeWarning,
  type SwitchboardHome,
  type UpstreamAnswer,
  type UpstreamReply,
} from '@switchboard/core';
import type { Logger } from 'pino';
import { createGatewayLogger, type GatewayLogDestination } from '../gateway/create-gateway-logger.js';
import { createNodeFetch } from '../gateway/create-node-fetch.js';
import { ensureLocalToken } from '../gateway/local-token.js';
import { startGateway, type RunningGateway, type StartGatewayOptions } from '../gateway/start-gateway.js';
import { createUpstreamTiming } from '../gateway/upstream-timing.js';

/** The network's clear proxy and certificate errors for the Node sender's failures too. */
function guardSend(network: SwitchboardHome['network'], send: SendUpstream): SendUpstream {
  return (url, post, reply) => send(url, post, new GuardedReply(network, url, reply));
}

/** A reply whose failure is judged by the network first: one object per request, no closures. */
class GuardedReply implements UpstreamReply {
  constructor(
    private readonly network: SwitchboardHome['network'],
    private readonly url: string,
    private readonly reply: UpstreamReply,
  ) {}

  answered(answer: UpstreamAnswer): void {
    this.reply.answered(answer);
  }

  failed(error: unknown): void {
    const { reply } = this;
    this.network
      .guard(() => Promise.reject(error instanceof Error ? error : new Error(String(error))))(this.url)
      .then(
        () => reply.failed(error),
        (guarded: unknown) => reply.failed(guarded),
      );
  }
}

/** Default port of `sb serve --local`. */
export const DEFAULT_GATEWAY_PORT = 4141;

/** Options for {@link startLocalGateway}. */
export interface StartLocalGatewayOptions {
  environment: Environment;
  /** Default {@link DEFAULT_GATEWAY_PORT}; 0 picks a free port. */
  port?: number;
  /** Default: the file `$SWITCHBOARD_HOME/logs/gateway.log`. */
  log?: GatewayLogDestination;
  logLevel?: string;
  /** The fetch upstream calls go through (default: {@link createNodeFetch}'s, over node:http keep-alive pools). */
  fetch?: typeof fetch;
  now?: () => number;
  /** The directory requests come from, for `[projects."<dir>"]` session lists (`sb serve`'s working directory). */
  projectDirectory?: string;
  bodyLimitBytes?: number;
  /** See {@link StartGatewayOptions.requestBodyTimeoutMs}. */
  requestBodyTimeoutMs?: number;
  storeKind?: OpenSwitchboardOptions['storeKind'];
}

/** A running local gateway and what a person needs to use it. */
export interface LocalGateway extends RunningGateway {
  /** The bearer token clients send (never log it). */
  readonly token: string;
  /** True when this start generated the token. */
  readonly tokenCreated: boolean;
  /** The log file, when logging to a file. */
  readonly logFile: string | undefined;
  readonly home: SwitchboardHome;
}

/**
 * `sb serve --local` without the terminal: opens the Switchboard home, builds the catalog and
 * the runtime (the user's sessions and environment keys, fallback, usage log), makes sure the
 * local token exists in the vault, and serves the gateway on 127.0.0.1. `close` drains open
 * streams, then flushes the log.
 */
export async function startLocalGateway(options: StartLocalGatewayOptions): Promise<LocalGateway> {
  const home = await openSwitchboard({
    environment: options.environment,
    processName: 'gateway',
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.now ? { now: options.now } : {}),
    ...(options.storeKind ? { storeKind: options.storeKind } : {}),
  });
  // Upstream calls go through node:http pools unless a fetch is given (see createNodeFetch);
  // proxied origins take the network's fetch, which tunnels through the proxy.
  const { network } = home;
  const nodeFetch = options.fetch
    ? undefined
    : createNodeFetch({
        fallback: network.fetch,
        direct: (url) => network.proxyFor(url) === undefined,
        ca: await network.loadCa(),
      });
  const baseFetch = options.fetch ?? network.guard(nodeFetch!.fetch);
  const { token, created } = await ensureLocalToken(home.store);
  const logFile =
    options.log === undefined
      ? join(home.paths.logs, 'gateway.log')
      : options.log === 'stdout'
        ? undefined
        : options.log.file;
  const logging = createGatewayLogger({
    destination: logFile === undefined ? 'stdout' : { file: logFile },
    ...(options.logLevel ? { level: options.logLevel } : {}),
  });
  const logger: Logger = logging.logger;
  const raw = home.config.raw as Record<string, unknown>;
  const catalog = createCatalog({
    customModels: raw['models'],
    endpoints: raw['endpoints'],
    configPath: home.paths.config,
  });
  const upstreamTiming = createUpstreamTiming();
  // `sb use` / `sb auth switch` in another terminal reorders the gateway's next request.
  const stopWatchingConfig = home.configOwner.watch();
  const quotaLog = createQuotaLog({ path: home.paths.quota });
  const runtime = createRuntime({
    catalog,
    registry: createProviderRegistry({
      ...(options.now ? { now: options.now } : {}),
      onBridgeQuota: recordBridgeQuota(quotaLog, options.now ?? Date.now),
    }),
    config: home.config,
    currentConfig: () => home.configOwner.latest(),
    settledConfig: () => home.configOwner.settled(),
    auth: home.auth,
    environment: home.environment,
    fetch: upstreamTiming.wrapFetch(baseFetch),
    ...(nodeFetch ? { sendUpstream: upstreamTiming.wrapSend(guardSend(network, nodeFetch.send)) } : {}),
    usageLog: createUsageLog({ path: home.paths.usageLog }),
    quotaLog,
    onRouteEvent: (event) => home.eventLog.write(entryOfRouteEvent(event)),
    slotsDirectory: home.paths.routeSlots,
    sessionsDirectory: home.paths.agentSessions,
    exhaustedSessionsPath: home.paths.exhaustedSessions,
    ...(options.projectDirectory ? { projectDirectory: options.projectDirectory } : {}),
    onWarning: (warning: RuntimeWarning) => logger.warn({ warning: warning.type }, warning.message),
    ...(options.now ? { now: options.now } : {}),
  });
  const gateway = await startGateway({
    port: options.port ?? DEFAULT_GATEWAY_PORT,
    runtime,
    catalog,
    auth: home.auth,
    logger,
    token,
    upstreamTiming,
    ...(options.now ? { now: options.now } : {}),
    ...(options.bodyLimitBytes ? { bodyLimitBytes: options.bodyLimitBytes } : {}),
    ...(options.requestBodyTimeoutMs ? { requestBodyTimeoutMs: options.requestBodyTimeoutMs } : {}),
  });
  logger.info({ url: gateway.url }, 'gateway listening');

  return {
    url: gateway.url,
    port: gateway.port,
    get openRequests() {
      return gateway.openRequests;
    },
    token,
    tokenCreated: created,
    logFile,
    home,
    async close(closeOptions) {
      stopWatchingConfig();
      await gateway.close(closeOptions);
      await runtime.flush();
      nodeFetch?.close();
      await network.close();
      logger.info('gateway stopped');
      await logging.close();
    },
  };
}
