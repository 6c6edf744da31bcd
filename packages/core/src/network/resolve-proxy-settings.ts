import type { NetworkVariables } from '../config/environment.js';
import { SwitchboardError } from '../errors.js';
import { isLoopbackHost, parseNoProxy, type NoProxyRule } from './no-proxy-rule.js';

/** `[network]` of config.toml, as {@link SwitchboardConfig} carries it. */
export interface NetworkConfig {
  caFile: string | undefined;
  proxy: string | undefined;
  noProxy: string | undefined;
}

/** Where requests go: the proxy per scheme, and which hosts bypass it. */
export interface ProxySettings {
  /** Proxy for `https:` requests (credentials included: never print it; see {@link redactProxyUrl}). */
  https: URL | undefined;
  /** Proxy for `http:` requests. */
  http: URL | undefined;
  /** The effective `NO_PROXY` list, as written. */
  noProxy: string | undefined;
  bypass: NoProxyRule;
}

/**
 * Combines the environment with `[network]`: `proxy` replaces HTTPS_PROXY and HTTP_PROXY and
 * `no_proxy` replaces NO_PROXY. As with curl, `https:` requests use HTTPS_PROXY, `http:`
 * requests HTTP_PROXY, each falling back to ALL_PROXY.
 * @throws SwitchboardError `INVALID_CONFIG` for a proxy URL that is not http(s), naming where it came from but never its value.
 */
export function resolveProxySettings(variables: NetworkVariables, config: NetworkConfig): ProxySettings {
  const fromConfig =
    config.proxy === undefined ? undefined : parseProxyUrl(config.proxy, '[network] proxy in config.toml');
  const https =
    fromConfig ?? parseProxyUrl(variables.httpsProxy, 'HTTPS_PROXY') ?? parseProxyUrl(variables.allProxy, 'ALL_PROXY');
  const http =
    fromConfig ?? parseProxyUrl(variables.httpProxy, 'HTTP_PROXY') ?? parseProxyUrl(variables.allProxy, 'ALL_PROXY');
  const noProxy = config.noProxy ?? variables.noProxy;
  return { https, http, noProxy, bypass: parseNoProxy(noProxy) };
}

/** The proxy a request to `url` goes through, or undefined to connect directly. */
export function proxyFor(settings: ProxySettings, url: URL): URL | undefined {
  const proxy = url.protocol === 'https:' ? settings.https : url.protocol === 'http:' ? settings.http : undefined;
  if (proxy === undefined || isLoopbackHost(url.hostname)) return undefined;
  const port = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
  return settings.bypass(url.hostname, port) ? undefined : proxy;
}

/** A proxy URL safe to print: the password is replaced. */
export function redactProxyUrl(url: URL): string {
  if (url.password === '') return url.origin;
  return `${url.protocol}//${url.username === '' ? '' : `${url.username}:`}***@${url.host}`;
}

function parseProxyUrl(value: string | undefined, source: string): URL | undefined {
  if (value === undefined) return undefined;
  // curl and most tools take `host:port` without a scheme as an http proxy.
  const text = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw invalid(source, 'is not a URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw invalid(source, `uses ${url.protocol.slice(0, -1)}; only http:// and https:// proxies are supported`);
  return url;
}

function invalid(source: string, reason: string): SwitchboardError {
  return new SwitchboardError('INVALID_CONFIG', `The proxy in ${source} ${reason}.`, {
    hint: 'Set it to http://host:port (or http://user:password@host:port); see docs/network.md.',
  });
}
