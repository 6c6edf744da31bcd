import type { ClientRequest } from 'node:http';
import { Agent as HttpsAgent, type AgentOptions } from 'node:https';
import { IDLE_CONNECTION_MS } from './idle-connection-ms.js';

/** Options for {@link createRoutingHttpsAgent}. */
export interface RoutingAgentOptions {
  /** The proxy for a request's origin, or undefined to connect directly. */
  proxyFor(origin: URL): URL | undefined;
  /** Certificates to trust instead of Node's defaults (undefined: Node's defaults). */
  ca: readonly string[] | undefined;
  /** How long an idle pooled connection is kept (default {@link IDLE_CONNECTION_MS}; tests shorten it). */
  idleMs?: number;
}

/**
 * A keep-alive `https.Agent` for libraries that take an agent rather than a fetch (the AWS SDK's
 * NodeHttpHandler, gaxios): each request goes to a direct agent or, for a proxied origin, to a
 * Node agent with built-in proxy support (`proxyEnv`, Node 22.21+ / 24.5+), which opens a
 * CONNECT tunnel. The decision is {@link RoutingAgentOptions.proxyFor}'s, so NO_PROXY and
 * loopback behave exactly as for the fetch. Idle connections close after
 * {@link IDLE_CONNECTION_MS} or the server's shorter hint; an active request is not cut by it
 * (Node's agent only emits `timeout` on the request; the socket stays open).
 */
export function createRoutingHttpsAgent(options: RoutingAgentOptions): HttpsAgent {
  const base: AgentOptions = {
    keepAlive: true,
    timeout: options.idleMs ?? IDLE_CONNECTION_MS,
    ...(options.ca === undefined ? {} : { ca: [...options.ca] }),
  };
  const direct = new HttpsAgent(base);
  const tunnels = new Map<string, HttpsAgent>();
  const agentFor = (proxy: URL): HttpsAgent => {
    let agent = tunnels.get(proxy.href);
    if (agent === undefined) {
      // The decision is already made: this agent proxies everything it is given.
      agent = new HttpsAgent({ ...base, proxyEnv: { HTTPS_PROXY: proxy.href } });
      tunnels.set(proxy.href, agent);
    }
    return agent;
  };

  class RoutingHttpsAgent extends HttpsAgent {
    // addRequest is how http.request hands a request to its agent (what agent-base builds on).
    addRequest(
      request: ClientRequest,
      requestOptions: { host?: string; hostname?: string; port?: number | string },
    ): void {
      const host = requestOptions.hostname ?? requestOptions.host ?? 'localhost';
      const origin = new URL(`https://${host.includes(':') ? `[${host}]` : host}:${requestOptions.port ?? 443}`);
      const proxy = options.proxyFor(origin);
      const target = proxy === undefined ? direct : agentFor(proxy);
      (target as unknown as { addRequest(request: ClientRequest, options: unknown): void }).addRequest(
        request,
        requestOptions,
      );
    }
    override destroy(): void {
      direct.destroy();
      for (const agent of tunnels.values()) agent.destroy();
      super.destroy();
    }
  }
  return new RoutingHttpsAgent(base);
}
