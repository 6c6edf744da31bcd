import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import type { MiddlewareHandler } from 'hono';

/** Options of {@link serveWebApp}. */
export interface ServeWebAppOptions {
  /** The built web app (`packages/web/dist`: `index.html`, `assets/…`). */
  readonly root: string;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};

/** Hashed file names (Vite's `assets/`): a changed file gets a new name, so browsers keep them. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Everything else, index.html first, is checked again on every load. */
const REVALIDATE = 'no-cache';
/** The app's own files only; no framing (clickjacking), no inline script. */
const HTML_POLICY =
  "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; " +
  "base-uri 'self'; form-action 'self'; frame-ancestors 'none'; object-src 'none'";

/** Paths the web app never answers: the team API and the model endpoints. */
function isServerPath(pathname: string): boolean {
  return pathname === '/api' || pathname.startsWith('/api/') || pathname === '/v1' || pathname.startsWith('/v1/');
}

async function fileAt(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

function notFound(): Response {
  return new Response('Not found.\n', {
    status: 404,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' },
  });
}

/**
 * Serves the built web app to GET and HEAD requests outside `/api/` and `/v1/`: the file under
 * `root` the path names, or `index.html` for any path that names no file and has no extension
 * (the app's own pages: `/sign-in`, `/enroll`, …). A path that leaves `root` (`..`, encoded or
 * not), names a dotfile, or asks for a missing file with an extension answers 404.
 */
export function serveWebApp(options: ServeWebAppOptions): MiddlewareHandler {
  const root = resolve(options.root);
  const index = join(root, 'index.html');
  return async (context, next) => {
    const method = context.req.method;
    const { pathname } = new URL(context.req.url);
    if ((method !== 'GET' && method !== 'HEAD') || isServerPath(pathname)) return next();

    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      return notFound();
    }
    const segments = decoded.split(/[/\\]/).filter((segment) => segment !== '');
    if (decoded.includes('\0') || segments.some((segment) => segment.startsWith('.'))) return notFound();
    const target = resolve(root, ...segments);
    if (target !== root && !target.startsWith(root + sep)) return notFound();

    let file = target;
    if (!(await fileAt(target))) {
      if (extname(decoded) !== '') return notFound();
      file = index;
    }
    let body: Buffer;
    try {
      body = await readFile(file);
    } catch {
      return notFound();
    }
    const extension = extname(file).toLowerCase();
    const headers: Record<string, string> = {
      'content-type': CONTENT_TYPES[extension] ?? 'application/octet-stream',
      'content-length': String(body.byteLength),
      'cache-control': file.startsWith(join(root, 'assets') + sep) ? IMMUTABLE : REVALIDATE,
      'x-content-type-options': 'nosniff',
    };
    if (extension === '.html') {
      headers['content-security-policy'] = HTML_POLICY;
      headers['referrer-policy'] = 'no-referrer';
    }
    return new Response(method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers });
  };
}
