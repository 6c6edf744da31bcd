import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { MiddlewareHandler } from 'hono';
import { negotiateEncoding, type ContentCoding } from './negotiate-encoding.js';

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

/** Text formats, which shrink to a third or less compressed; images and fonts are compressed already. */
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.map', '.webmanifest', '.txt', '.svg']);
/** Below this, a compressed answer saves less than its headers cost. */
const COMPRESS_FROM_BYTES = 1024;

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** One file as read from disk, with its compressed forms made on first request (the build never changes them in place). */
interface CachedFile {
  readonly mtimeMs: number;
  readonly size: number;
  readonly body: Buffer;
  readonly encoded: Map<Exclude<ContentCoding, 'identity'>, Promise<Buffer>>;
}

async function encode(body: Buffer, coding: Exclude<ContentCoding, 'identity'>): Promise<Buffer> {
  if (coding === 'gzip') return gzipAsync(body, { level: 9 });
  return brotli(body, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_SIZE_HINT]: body.byteLength,
    },
  });
}

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

async function fileAt(path: string): Promise<{ mtimeMs: number; size: number } | undefined> {
  try {
    const facts = await stat(path);
    return facts.isFile() ? { mtimeMs: facts.mtimeMs, size: facts.size } : undefined;
  } catch {
    return undefined;
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
 * not), names a dotfile, or asks for a missing file with an extension answers 404. Text files
 * go Brotli- or gzip-compressed to clients that accept it, each compressed once and kept in
 * memory until the file changes on disk.
 */
export function serveWebApp(options: ServeWebAppOptions): MiddlewareHandler {
  const root = resolve(options.root);
  const index = join(root, 'index.html');
  const cache = new Map<string, CachedFile>();
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
    let facts = await fileAt(target);
    if (!facts) {
      if (extname(decoded) !== '') return notFound();
      file = index;
      facts = await fileAt(index);
      if (!facts) return notFound();
    }
    let cached = cache.get(file);
    if (!cached || cached.mtimeMs !== facts.mtimeMs || cached.size !== facts.size) {
      let body: Buffer;
      try {
        body = await readFile(file);
      } catch {
        return notFound();
      }
      cached = { mtimeMs: facts.mtimeMs, size: facts.size, body, encoded: new Map() };
      cache.set(file, cached);
    }
    const extension = extname(file).toLowerCase();
    const compressible = COMPRESSIBLE.has(extension) && cached.body.byteLength >= COMPRESS_FROM_BYTES;
    const coding = compressible ? negotiateEncoding(context.req.header('accept-encoding')) : 'identity';
    let body = cached.body;
    if (coding !== 'identity') {
      let encoded = cached.encoded.get(coding);
      if (!encoded) {
        encoded = encode(cached.body, coding);
        const { encoded: forms } = cached;
        forms.set(coding, encoded);
        // A failed compression is tried again by the next request rather than kept.
        encoded.catch(() => forms.delete(coding));
      }
      body = await encoded;
    }
    const headers: Record<string, string> = {
      'content-type': CONTENT_TYPES[extension] ?? 'application/octet-stream',
      'content-length': String(body.byteLength),
      'cache-control': file.startsWith(join(root, 'assets') + sep) ? IMMUTABLE : REVALIDATE,
      'x-content-type-options': 'nosniff',
    };
    // Caches must keep one copy per coding, even of the answer sent uncompressed.
    if (compressible) headers['vary'] = 'accept-encoding';
    if (coding !== 'identity') headers['content-encoding'] = coding;
    if (extension === '.html') {
      headers['content-security-policy'] = HTML_POLICY;
      headers['referrer-policy'] = 'no-referrer';
    }
    return new Response(method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers });
  };
}
