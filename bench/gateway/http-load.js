// A small HTTP load client (node:http, keep-alive) for the gateway benchmark: one request with
// time to first byte and total time, a sequential series, and a closed-loop concurrent run.
import http from 'node:http';
import { performance } from 'node:perf_hooks';

/**
 * @typedef {{ name: string, port: number, path: string, headers: Record<string, string>, body(stream: boolean): string, expect: string }} Target
 * @typedef {{ ok: boolean, status: number, ttfb: number, total: number, reportedOverhead: number }} Sample
 */

export function createAgent() {
  return new http.Agent({ keepAlive: true, maxSockets: Infinity, maxFreeSockets: 1024 });
}

/** One request; resolves with its timings (never rejects: a failure is a sample with ok=false). */
export function requestOnce(agent, target, stream) {
  const payload = target.body(stream);
  return new Promise((resolve) => {
    const started = performance.now();
    let ttfb = 0;
    const request = http.request(
      {
        agent,
        host: '127.0.0.1',
        port: target.port,
        path: target.path,
        method: 'POST',
        headers: {
          ...target.headers,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
        },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk) => {
          if (ttfb === 0) ttfb = performance.now() - started;
          text += chunk;
        });
        // Switchboard's own account of its time (x-switchboard-overhead-ms); NaN for others.
        const reportedOverhead = Number(response.headers['x-switchboard-overhead-ms'] ?? Number.NaN);
        response.on('end', () => {
          const total = performance.now() - started;
          const ok = response.statusCode === 200 && (stream ? text.includes('[DONE]') : text.includes(target.expect));
          resolve({ ok, status: response.statusCode ?? 0, ttfb, total, reportedOverhead });
        });
        response.on('error', () =>
          resolve({
            ok: false,
            status: response.statusCode ?? 0,
            ttfb,
            total: performance.now() - started,
            reportedOverhead,
          }),
        );
      },
    );
    request.on('error', () =>
      resolve({ ok: false, status: 0, ttfb, total: performance.now() - started, reportedOverhead: Number.NaN }),
    );
    request.end(payload);
  });
}

/** `count` requests one after another. */
export async function sequential(agent, target, stream, count) {
  const samples = [];
  for (let index = 0; index < count; index++) samples.push(await requestOnce(agent, target, stream));
  return samples;
}

/**
 * `concurrency` clients, each sending its next request when the last one ended, for
 * `durationMs` (bounded by `maxRequests` in all). Returns the samples and the elapsed time.
 */
export async function closedLoop(agent, target, stream, { concurrency, durationMs, maxRequests }) {
  const samples = [];
  const started = performance.now();
  const deadline = started + durationMs;
  let issued = 0;
  const worker = async () => {
    while (performance.now() < deadline && issued < maxRequests) {
      issued += 1;
      samples.push(await requestOnce(agent, target, stream));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { samples, elapsedMs: performance.now() - started };
}
