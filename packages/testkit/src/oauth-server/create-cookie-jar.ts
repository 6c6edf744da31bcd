/** A minimal cookie jar for one headless browsing session (name, path; no domains). */
export interface CookieJar {
  /** The Cookie header value for a request to `url`, or undefined when none applies. */
  headerFor(url: URL): string | undefined;
  /** Stores the Set-Cookie headers of a response to `url`. */
  store(url: URL, setCookieHeaders: string[]): void;
}

interface StoredCookie {
  name: string;
  value: string;
  path: string;
  origin: string;
}

function defaultPath(url: URL): string {
  const directory = url.pathname.slice(0, url.pathname.lastIndexOf('/'));
  return directory === '' ? '/' : directory;
}

function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith('/') || requestPath[cookiePath.length] === '/';
}

export function createCookieJar(): CookieJar {
  const cookies = new Map<string, StoredCookie>();

  return {
    headerFor(url) {
      const pairs = [...cookies.values()]
        .filter((cookie) => cookie.origin === url.origin && pathMatches(url.pathname, cookie.path))
        // RFC 6265: longer paths first, so the most specific cookie of a name wins.
        .sort((left, right) => right.path.length - left.path.length)
        .map((cookie) => `${cookie.name}=${cookie.value}`);
      return pairs.length > 0 ? pairs.join('; ') : undefined;
    },
    store(url, setCookieHeaders) {
      for (const header of setCookieHeaders) {
        const [pair = '', ...attributes] = header.split(';').map((part) => part.trim());
        const separator = pair.indexOf('=');
        if (separator <= 0) continue;
        const cookie: StoredCookie = {
          name: pair.slice(0, separator),
          value: pair.slice(separator + 1),
          path: defaultPath(url),
          origin: url.origin,
        };
        let expired = false;
        for (const attribute of attributes) {
          const [rawKey = '', ...rest] = attribute.split('=');
          const key = rawKey.toLowerCase();
          const value = rest.join('=');
          if (key === 'path' && value.startsWith('/')) cookie.path = value;
          if (key === 'max-age' && Number(value) <= 0) expired = true;
          if (key === 'expires' && Date.parse(value) <= Date.now()) expired = true;
        }
        const key = `${cookie.origin} ${cookie.path} ${cookie.name}`;
        if (expired) cookies.delete(key);
        else cookies.set(key, cookie);
      }
    },
  };
}
