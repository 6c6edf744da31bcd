import { readFile as readFileFromDisk } from 'node:fs/promises';
import type { Environment, NetworkVariables } from '../config/environment.js';
import { SwitchboardError } from '../errors.js';
import type { Agent as HttpsAgent } from 'node:https';
import { createRoutingDispatcher } from './create-routing-dispatcher.js';
import { describeNetworkFailure } from './describe-network-failure.js';
import { proxyFor, resolveProxySettings, type NetworkConfig, type ProxySettings } from './resolve-proxy-settings.js';

/** Options for {@link createNetwork}. */
export interface CreateNetworkOptions {
  variables: NetworkVariables;
  /** `[network]` of config.toml, with `caFile` already resolved to an absolute path. */
  config: NetworkConfig;
  /** The fetch requests finally go through (default: the global fetch, which takes `dispatcher`). */
  fetch?: typeof fetch;
  readFile?: (path: string) => Promise<string>;
}

/** How this process reaches the outside: built once by a composition root, injected everywhere. */
export interface Network {
  /** A fetch that honors the proxy settings and the CA bundle, with clear certificate/proxy errors. */
  readonly fetch: typeof fetch;
  /** The proxy a request to `url` goes through (credentials included: never print it), or undefined. */
  proxyFor(url: URL): URL | undefined;
  /** The certificates to trust when `[network] ca_file` is set (Node's defaults plus the file), else undefined. */
  loadCa(): Promise<readonly string[] | undefined>;
  /**
   * One keep-alive `https.Agent` with the same routing and CA, for clients that take an agent
   * instead of a fetch (AWS SDK `NodeHttpHandler({ httpsAgent })`, gaxios `agent`).
   */
  httpsAgent(): Promise<HttpsAgent>;
  /** Adds the same clear errors to another fetch (e.g. a node:http one for the direct routes). */
  guard(fetch: typeof globalThis.fetch): typeof globalThis.fetch;
  /**
   * The environment for child processes (vendor CLIs, agents, `sb exec`): the effective proxy
   * variables in both spellings, loopback added to NO_PROXY, and the CA bundle as
   * NODE_EXTRA_CA_CERTS (Node-based CLIs) and CODEX_CA_CERTIFICATE (the Codex CLI).
   */
  childEnvironment(environment: Environment): Environment;
  /** Closes pooled connections. */
  close(): Promise<void>;
}

const LOOPBACK_NO_PROXY = ['localhost', '127.0.0.1', '::1'];

/**
 * Builds the process's {@link Network}. With no proxy and no `ca_file` its fetch is the plain
 * fetch (Node already trusts NODE_EXTRA_CA_CERTS); otherwise requests go through one routing
 * dispatcher, created on the first request: direct for loopback and NO_PROXY hosts, through the
 * proxy for the rest.
 */
export function createNetwork(options: CreateNetworkOptions): Network {
  const settings: ProxySettings = resolveProxySettings(options.variables, options.config);
  const base =
    options.fetch ?? ((input: Parameters<typeof fetch>[0], init?: RequestInit) => globalThis.fetch(input, init));
  const readFile = options.readFile ?? ((path: string) => readFileFromDisk(path, 'utf8'));
  const caFile = options.config.caFile;
  const needsDispatcher = settings.https !== undefined || settings.http !== undefined || caFile !== undefined;
  let ca: Promise<readonly string[] | undefined> | undefined;
  let dispatcher: ReturnType<typeof createRoutingDispatcher> | undefined;
  let agent: Promise<HttpsAgent> | undefined;

  const loadCa = (): Promise<readonly string[] | undefined> => {
    ca ??= caFile === undefined ? Promise.resolve(undefined) : readCaFile(caFile, readFile);
    return ca;
  };
  const route = (url: URL): URL | undefined => proxyFor(settings, url);

  const guard = (inner: typeof globalThis.fetch): typeof globalThis.fetch =>
    (async (input: Parameters<typeof fetch>[0], init?: RequestInit) => {
      try {
        return await inner(input, init);
      } catch (error) {
        const target = targetOf(input);
        throw (target && describeNetworkFailure(error, target, route(target))) ?? error;
      }
    }) as typeof globalThis.fetch;

  const routed = (async (input: Parameters<typeof fetch>[0], init?: RequestInit) => {
    if (!needsDispatcher) return base(input, init);
    dispatcher ??= loadCa().then((trusted) => createRoutingDispatcher({ proxyFor: route, ca: trusted }));
    return base(input, { ...init, dispatcher: await dispatcher } as RequestInit);
  }) as typeof globalThis.fetch;

  return {
    fetch: guard(routed),
    proxyFor: route,
    loadCa,
    httpsAgent() {
      // node:https loads here, not on the startup path of every command.
      agent ??= Promise.all([loadCa(), import('./create-routing-agent.js')]).then(
        ([trusted, { createRoutingHttpsAgent }]) => createRoutingHttpsAgent({ proxyFor: route, ca: trusted }),
      );
      return agent;
    },
    guard,
    childEnvironment: (environment) => childEnvironment(environment, settings, options),
    async close() {
      await agent?.then(
        (created) => created.destroy(),
        () => undefined,
      );
      // A dispatcher that never came up (unreadable ca_file) has nothing to close.
      await dispatcher?.then(
        (created) => created.close(),
        () => undefined,
      );
    },
  };
}

async function readCaFile(path: string, readFile: (path: string) => Promise<string>): Promise<readonly string[]> {
  let text: string;
  try {
    text = await readFile(path);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new SwitchboardError(
      'INVALID_CONFIG',
      `Cannot read the CA bundle ${path} (\`[network] ca_file\`): ${reason}.`,
      {
        hint: 'Point ca_file at a PEM file of CA certificates (see docs/network.md).',
      },
    );
  }
  if (!text.includes('-----BEGIN CERTIFICATE-----'))
    throw new SwitchboardError(
      'INVALID_CONFIG',
      `The CA bundle ${path} (\`[network] ca_file\`) holds no PEM certificate.`,
      {
        hint: 'It must contain -----BEGIN CERTIFICATE----- blocks (see docs/network.md).',
      },
    );
  // Passing `ca` replaces Node's trust store; keep it (with NODE_EXTRA_CA_CERTS) and add the file.
  // node:tls costs ~25 ms to load: only a configured ca_file pays it. getCACertificates is
  // Node 22.15+/23.10+; older Nodes only have the bundled roots.
  const tls = await import('node:tls');
  const defaults =
    typeof tls.getCACertificates === 'function' ? tls.getCACertificates('default') : tls.rootCertificates;
  return [...defaults, text];
}

function childEnvironment(
  environment: Environment,
  settings: ProxySettings,
  options: CreateNetworkOptions,
): Environment {
  const result: Record<string, string | undefined> = { ...environment };
  const set = (name: string, value: string): void => {
    result[name.toUpperCase()] = value;
    result[name.toLowerCase()] = value;
  };
  if (options.config.proxy !== undefined) {
    if (settings.https) set('HTTPS_PROXY', settings.https.href);
    if (settings.http) set('HTTP_PROXY', settings.http.href);
  }
  if (settings.https !== undefined || settings.http !== undefined) {
    const entries = (settings.noProxy ?? '').split(/[\s,]+/).filter((entry) => entry !== '');
    for (const loopback of LOOPBACK_NO_PROXY) if (!entries.includes(loopback)) entries.push(loopback);
    set('NO_PROXY', entries.join(','));
  }
  const { caFile } = options.config;
  const { extraCaCerts, codexCaCertificate } = options.variables;
  // Node-based CLIs (Claude Code, Gemini CLI) read NODE_EXTRA_CA_CERTS; the Codex CLI reads
  // CODEX_CA_CERTIFICATE and adds it to the system roots (openai/codex
  // codex-rs/codex-client/src/custom_ca.rs), so it gets the same bundle.
  if (caFile !== undefined && extraCaCerts === undefined) result.NODE_EXTRA_CA_CERTS = caFile;
  const bundle = caFile ?? extraCaCerts;
  if (bundle !== undefined && codexCaCertificate === undefined) result.CODEX_CA_CERTIFICATE = bundle;
  return Object.freeze(result);
}

function targetOf(input: Parameters<typeof fetch>[0]): URL | undefined {
  try {
    return new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
  } catch {
    return undefined;
  }
}
