/** Options of {@link createHostMappingFetch}. */
export interface HostMappingFetchOptions {
  /** Where mapped requests go, e.g. `http://127.0.0.1:PORT/bedrock`. */
  target: string;
  /** Hosts to map, e.g. `/^bedrock-runtime\.[a-z0-9-]+\.amazonaws\.com$/`. Others pass to `fetch`. */
  hosts: RegExp;
  fetch?: typeof fetch;
}

/**
 * A fetch that sends requests for real provider hosts (which tests cannot resolve) to a fake,
 * keeping the path and naming the host the client addressed in `x-forwarded-host` (and the
 * fake's path prefix in `x-forwarded-prefix`). Code under
 * test still builds `https://bedrock-runtime.eu-west-1.amazonaws.com/…` itself, so its
 * region → host logic is really exercised, and the fake judges the request by that host.
 */
export function createHostMappingFetch(options: HostMappingFetchOptions): typeof fetch {
  const inner = options.fetch ?? fetch;
  const target = new URL(options.target);
  const mapped = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    if (!options.hosts.test(url.hostname)) return inner(request);
    const headers = new Headers(request.headers);
    headers.set('x-forwarded-host', url.host);
    // The path the client signed has no prefix: the fake strips this one before checking.
    headers.set('x-forwarded-prefix', target.pathname.replace(/\/$/, ''));
    headers.delete('host');
    const destination = new URL(`${target.pathname.replace(/\/$/, '')}${url.pathname}${url.search}`, target);
    const body = request.body === null ? undefined : await request.arrayBuffer();
    return inner(destination, {
      method: request.method,
      headers,
      ...(body ? { body } : {}),
      signal: request.signal,
    });
  };
  return mapped as typeof fetch;
}
