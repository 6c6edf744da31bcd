import type { Dispatcher } from 'undici';

/** Options for {@link createRoutingDispatcher}. */
export interface RoutingDispatcherOptions {
  /** The proxy for a request's origin, or undefined to connect directly. */
  proxyFor(origin: URL): URL | undefined;
  /** Certificates to trust instead of Node's defaults (undefined: Node's defaults). */
  ca: readonly string[] | undefined;
}

/**
 * An undici dispatcher (for `fetch(url, { dispatcher })`) that sends each request straight to
 * its origin or through the proxy {@link RoutingDispatcherOptions.proxyFor} names: CONNECT
 * tunnels for `https:` origins, absolute-form requests for `http:` ones (proxies commonly allow
 * CONNECT to port 443 only). One connection pool per proxy, reused for the process's lifetime.
 * undici loads here, on the first request that needs it, not at startup. It is the npm package of
 * the same major version Node's fetch is built on (7), whose `dispatcher` option takes it; the
 * global fetch is kept so responses stay the global `Response` class.
 */
export async function createRoutingDispatcher(options: RoutingDispatcherOptions): Promise<Dispatcher> {
  const undici = await import('undici');
  const tls = options.ca === undefined ? {} : { ca: [...options.ca] };
  const direct = new undici.Agent({ connect: tls });
  const proxies = new Map<string, Dispatcher>();

  const through = (proxy: URL, tunnel: boolean): Dispatcher => {
    const key = `${tunnel ? 'tunnel' : 'forward'} ${proxy.href}`;
    let agent = proxies.get(key);
    if (agent === undefined) {
      const bare = new URL(proxy.href);
      bare.username = '';
      bare.password = '';
      const credentials =
        proxy.username === '' && proxy.password === ''
          ? {}
          : {
              token: `Basic ${Buffer.from(`${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`).toString('base64')}`,
            };
      agent = new undici.ProxyAgent({
        uri: bare.href,
        ...credentials,
        proxyTunnel: tunnel,
        requestTls: tls,
        proxyTls: tls,
      });
      proxies.set(key, agent);
    }
    return agent;
  };

  const pick = (origin: string | URL | undefined): Dispatcher => {
    if (origin === undefined) return direct;
    const url = typeof origin === 'string' ? new URL(origin) : origin;
    const proxy = options.proxyFor(url);
    return proxy === undefined ? direct : through(proxy, url.protocol === 'https:');
  };

  class RoutingDispatcher extends undici.Dispatcher {
    override dispatch(request: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
      return pick(request.origin).dispatch(request, handler);
    }
    override async close(): Promise<void> {
      await Promise.all([direct.close(), ...[...proxies.values()].map((agent) => agent.close())]);
    }
    override async destroy(): Promise<void> {
      await Promise.all([direct.destroy(), ...[...proxies.values()].map((agent) => agent.destroy())]);
    }
  }
  return new RoutingDispatcher();
}
