import type { FakeUpstream } from './types.js';

/** One mapping: requests for hosts matching `hosts` go to `target`. */
export interface HostMapping {
  /** e.g. `/^bedrock-runtime\.[a-z0-9-]+\.amazonaws\.com$/` */
  hosts: RegExp;
  /** Where mapped requests go, e.g. `http://127.0.0.1:PORT/bedrock`. */
  target: string;
}

/** Options of {@link createHostMappingFetch}. */
export interface HostMappingFetchOptions {
  mappings: readonly HostMapping[];
  /** For requests of other hosts (default: the global fetch). */
  fetch?: typeof fetch;
}

/**
 * A fetch that sends requests for real provider hosts (which tests cannot resolve) to a fake,
 * keeping the path and naming the host the client addressed in `x-forwarded-host` (and the
 * fake's path prefix in `x-forwarded-prefix`). Code under test still builds
 * `https://bedrock-runtime.eu-west-1.amazonaws.com/…` itself, so its region → host logic is
 * really exercised, and the fake judges the request by that host.
 */
export function createHostMappingFetch(options: HostMappingFetchOptions): typeof fetch {
  const inner = options.fetch ?? fetch;
  const mapped = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const mapping = options.mappings.find((candidate) => candidate.hosts.test(url.hostname));
    if (!mapping) return inner(request);
    const target = new URL(mapping.target);
    const prefix = target.pathname.replace(/\/$/, '');
    const headers = new Headers(request.headers);
    headers.set('x-forwarded-host', url.host);
    // The path the client signed has no prefix: the fake strips this one before checking.
    headers.set('x-forwarded-prefix', prefix);
    headers.delete('host');
    const body = request.body === null ? undefined : await request.arrayBuffer();
    return inner(new URL(`${prefix}${url.pathname}${url.search}`, target), {
      method: request.method,
      headers,
      ...(body ? { body } : {}),
      signal: request.signal,
    });
  };
  return mapped as typeof fetch;
}

/**
 * A fetch that maps the real cloud hosts to one fake upstream: every regional Bedrock runtime
 * host, every (regional or global) Vertex AI host, and the Gemini API host.
 */
export function createCloudHostsFetch(upstream: Pick<FakeUpstream, 'url'>, inner?: typeof fetch): typeof fetch {
  return createHostMappingFetch({
    mappings: [
      { hosts: /^bedrock-runtime\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?$/, target: `${upstream.url}/bedrock` },
      { hosts: /^(?:[a-z0-9-]+-)?aiplatform\.googleapis\.com$/, target: `${upstream.url}/vertex` },
      { hosts: /^generativelanguage\.googleapis\.com$/, target: `${upstream.url}/gemini` },
    ],
    ...(inner ? { fetch: inner } : {}),
  });
}
