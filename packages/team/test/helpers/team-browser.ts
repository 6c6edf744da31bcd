import { completeBrowserLogin, createCookieJar } from '@switchboard/testkit';

/** Anything that answers a Request: a team app, or a fetch to a running server. */
export type RequestHandler = (request: Request) => Response | Promise<Response>;

/** One browser's view of the team server: its cookies, Origin on every write, no redirects followed. */
export interface TeamBrowser {
  /** The origin this browser is at (the team's public URL). */
  readonly origin: string;
  send(method: string, path: string, body?: unknown): Promise<Response>;
  get(path: string): Promise<Response>;
  post(path: string, body?: unknown): Promise<Response>;
  delete(path: string): Promise<Response>;
  /** The Cookie header this browser would send to `path`. */
  cookieHeader(path?: string): string | undefined;
}

/** A browser at `publicUrl` whose requests go to `handle`. */
export function createTeamBrowser(handle: RequestHandler, publicUrl: string): TeamBrowser {
  const jar = createCookieJar();
  async function send(method: string, path: string, body?: unknown): Promise<Response> {
    const url = new URL(path, publicUrl);
    const headers = new Headers();
    const cookie = jar.headerFor(url);
    if (cookie) headers.set('cookie', cookie);
    // Browsers send Origin on every cross-origin request and on same-origin writes.
    if (method !== 'GET') headers.set('origin', url.origin);
    if (body !== undefined) headers.set('content-type', 'application/json');
    const response = await handle(
      new Request(url, {
        method,
        headers,
        redirect: 'manual',
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
    );
    jar.store(url, response.headers.getSetCookie());
    return response;
  }
  return {
    origin: new URL(publicUrl).origin,
    send,
    get: (path) => send('GET', path),
    post: (path, body) => send('POST', path, body ?? {}),
    delete: (path) => send('DELETE', path),
    cookieHeader: (path = '/') => jar.headerFor(new URL(path, publicUrl)),
  };
}

/** What an SSO round trip ended with: where the team server sent the browser. */
export interface SsoResult {
  /** The team server's redirect after the callback (`/?sso=signed-in`, `…?sso=failed`, …). */
  readonly location: string;
  /** The identity provider's redirect to our callback, for tests that tamper with or replay it. */
  readonly callbackUrl: string;
}

/**
 * Signs in (or links) through an identity provider as a person would: starts at the team server,
 * logs in at the provider's pages as `login`, and follows the provider's redirect back —
 * optionally rewritten first by `tamper` (an attacker in the middle, a replay).
 */
export async function ssoRoundTrip(
  browser: TeamBrowser,
  options: {
    providerId: string;
    login: string;
    mode?: 'sign-in' | 'link';
    enrollmentToken?: string;
    returnTo?: string;
    tamper?: (callbackUrl: URL) => URL;
  },
): Promise<SsoResult> {
  const started = await browser.post('/api/auth/sso/start', {
    providerId: options.providerId,
    ...(options.mode ? { mode: options.mode } : {}),
    ...(options.enrollmentToken ? { enrollmentToken: options.enrollmentToken } : {}),
    ...(options.returnTo ? { returnTo: options.returnTo } : {}),
  });
  if (started.status !== 200) throw new Error(`sso/start answered ${started.status}: ${await started.text()}`);
  const { url } = (await started.json()) as { url: string };
  const { callbackUrl } = await completeBrowserLogin(url, { login: options.login });
  const callback = options.tamper ? options.tamper(new URL(callbackUrl)) : new URL(callbackUrl);
  const finished = await browser.get(`${callback.pathname}${callback.search}`);
  return { location: finished.headers.get('location') ?? `(status ${finished.status})`, callbackUrl };
}
