import { mkdtemp, mkdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveWebApp } from './serve-web-app.js';

let root: string;
let app: Hono;
const script = `export const words = ${JSON.stringify('the quick brown fox jumps over the lazy dog '.repeat(200))};\n`;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'sb-serve-web-app-'));
  await mkdir(join(root, 'assets'));
  await writeFile(join(root, 'index.html'), '<!doctype html><title>Switchboard</title>');
  await writeFile(join(root, 'assets', 'app-1234.js'), script);
  await writeFile(join(root, 'assets', 'logo.png'), Buffer.alloc(4096, 7));
  app = new Hono();
  app.use(serveWebApp({ root }));
  app.get('/api/ping', (context) => context.text('pong'));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const get = (path: string, acceptEncoding?: string, method = 'GET') =>
  app.request(path, { method, headers: acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding } });

describe('serveWebApp', () => {
  it('sends text files Brotli- or gzip-compressed to clients that accept it, and as they are to others', async () => {
    const brotli = await get('/assets/app-1234.js', 'gzip, deflate, br, zstd');
    expect(brotli.headers.get('content-encoding')).toBe('br');
    expect(brotli.headers.get('vary')).toBe('accept-encoding');
    const brotliBody = Buffer.from(await brotli.arrayBuffer());
    expect(Number(brotli.headers.get('content-length'))).toBe(brotliBody.byteLength);
    expect(brotliBody.byteLength).toBeLessThan(script.length / 10);
    expect(brotliDecompressSync(brotliBody).toString()).toBe(script);

    const gzipped = await get('/assets/app-1234.js', 'gzip');
    expect(gzipped.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await gzipped.arrayBuffer())).toString()).toBe(script);

    const plain = await get('/assets/app-1234.js');
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(plain.headers.get('vary')).toBe('accept-encoding');
    expect(await plain.text()).toBe(script);
    expect(plain.headers.get('cache-control')).toContain('immutable');
  });

  it('never compresses images or tiny files, and answers HEAD with the same headers and no body', async () => {
    const image = await get('/assets/logo.png', 'br');
    expect(image.headers.get('content-encoding')).toBeNull();
    expect(image.headers.get('vary')).toBeNull();
    expect((await image.arrayBuffer()).byteLength).toBe(4096);

    const page = await get('/sign-in', 'br');
    expect(page.headers.get('content-encoding')).toBeNull();
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(await page.text()).toContain('<title>Switchboard</title>');

    const head = await get('/assets/app-1234.js', 'br', 'HEAD');
    expect(head.headers.get('content-encoding')).toBe('br');
    expect(Number(head.headers.get('content-length'))).toBeGreaterThan(0);
    expect((await head.arrayBuffer()).byteLength).toBe(0);
  });

  it('serves a file changed on disk anew, compressed forms included', async () => {
    await get('/assets/app-1234.js', 'br');
    const changed = `${script}// changed\n`;
    await writeFile(join(root, 'assets', 'app-1234.js'), changed);
    const later = new Date(Date.now() + 5_000);
    await utimes(join(root, 'assets', 'app-1234.js'), later, later);
    const answer = await get('/assets/app-1234.js', 'br');
    expect(brotliDecompressSync(Buffer.from(await answer.arrayBuffer())).toString()).toBe(changed);
  });

  it('still refuses paths out of the root and leaves the API to its routes', async () => {
    expect((await get('/assets/..%2f..%2fetc%2fpasswd', 'br')).status).toBe(404);
    expect((await get('/.env')).status).toBe(404);
    expect((await get('/assets/missing.js')).status).toBe(404);
    expect(await (await get('/api/ping', 'br')).text()).toBe('pong');
  });
});
