#!/usr/bin/env node
// Sign-in cost on the team server (`sb serve --team`, SQLite): a whole passkey sign-in (options,
// then the signed assertion: two requests, a challenge stored and used, a session created) by a
// software authenticator, sequential and with many browsers at once, beside two requests of the
// same server measured in the same run — `GET /api/health` (no database) and `GET /api/me` with a
// session cookie (one session lookup). Also the server's CPU per sign-in.
// Usage (after `npm run build`): node bench/team-sign-in.js [--count N] [--concurrency C] [--duration MS]
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createCookieJar, createSoftwareAuthenticator } from '@switchboard/testkit';
import { cpuTimeMs, createProcessGroup } from './gateway/processes.js';
import { percentile, printTable } from './lib/stats.js';

const { values: options } = parseArgs({
  options: {
    count: { type: 'string', default: '300' },
    concurrency: { type: 'string', default: '20' },
    duration: { type: 'string', default: '5000' },
  },
});
const count = Number(options.count);
const concurrency = Number(options.concurrency);
const durationMs = Number(options.duration);
const processes = createProcessGroup();

try {
  // No model traffic here: the upstream port is never called.
  const team = await processes.start([fileURLToPath(new URL('./gateway/team-process.js', import.meta.url)), '9']);
  const { port, publicUrl, enrollmentToken, pid } = team.info;
  const origin = new URL(publicUrl).origin;
  const base = `http://127.0.0.1:${port}`;

  /** A browser: its own cookies, Origin on writes (the server knows itself as `publicUrl`). */
  const browser = () => {
    const jar = createCookieJar();
    const key = new URL(origin);
    return async (method, path, body) => {
      const headers = { origin };
      const cookie = jar.headerFor(new URL(path, key));
      if (cookie) headers.cookie = cookie;
      if (body !== undefined) headers['content-type'] = 'application/json';
      const response = await fetch(`${base}${path}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      jar.store(new URL(path, key), response.headers.getSetCookie());
      if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${await response.text()}`);
      return response.json();
    };
  };

  const authenticator = createSoftwareAuthenticator();
  const enroll = browser();
  const registration = await enroll('GET', `/api/auth/passkey/generate-register-options?context=${enrollmentToken}`);
  await enroll('POST', '/api/auth/passkey/verify-registration', {
    response: authenticator.createCredential({ options: registration, origin }),
    createSession: true,
  });

  const signInWith = (device) => async () => {
    const send = browser();
    const request = await send('GET', '/api/auth/passkey/generate-authenticate-options');
    await send('POST', '/api/auth/passkey/verify-authentication', {
      response: device.getAssertion({ options: request, origin }),
    });
  };
  const signIn = signInWith(authenticator);
  // One passkey per concurrent browser: a passkey's signature counter must grow with every use,
  // so one credential signing in from many browsers at once is (rightly) refused as a clone.
  const devices = [];
  for (let index = 0; index < concurrency; index++) {
    const device = createSoftwareAuthenticator();
    const offered = await enroll('GET', '/api/auth/passkey/generate-register-options');
    await enroll('POST', '/api/auth/passkey/verify-registration', {
      response: device.createCredential({ options: offered, origin }),
    });
    devices.push(device);
  }
  const timed = async (operation, times) => {
    const latencies = [];
    for (let index = 0; index < times; index++) {
      const started = performance.now();
      await operation();
      latencies.push(performance.now() - started);
    }
    return latencies;
  };
  const row = (name, latencies, cpuPerOperation = '') => [
    name,
    latencies.length,
    percentile(latencies, 50).toFixed(2),
    percentile(latencies, 99).toFixed(2),
    cpuPerOperation,
  ];

  await timed(signIn, 30); // warm-up
  const health = await timed(() => fetch(`${base}/api/health`).then((response) => response.text()), count);
  const cookie = enroll;
  const me = await timed(() => cookie('GET', '/api/me'), count);
  const cpuBefore = cpuTimeMs(pid);
  const sequentialSignIns = await timed(signIn, count);
  const cpuPerSignIn = ((cpuTimeMs(pid) - cpuBefore) / count).toFixed(2);

  // Many browsers at once: closed loops for the duration.
  const loaded = [];
  const loadCpuBefore = cpuTimeMs(pid);
  const until = performance.now() + durationMs;
  await Promise.all(
    devices.map(async (device) => {
      const signInOnDevice = signInWith(device);
      while (performance.now() < until) {
        const started = performance.now();
        await signInOnDevice();
        loaded.push(performance.now() - started);
      }
    }),
  );
  const loadCpu = ((cpuTimeMs(pid) - loadCpuBefore) / loaded.length).toFixed(2);

  printTable(
    ['request', 'n', 'p50 ms', 'p99 ms', 'server CPU ms each'],
    [
      row('GET /api/health (baseline)', health),
      row('GET /api/me with a session (baseline)', me),
      row('passkey sign-in, sequential', sequentialSignIns, cpuPerSignIn),
      row(`passkey sign-in, ${concurrency} at once`, loaded, loadCpu),
    ],
  );
  console.log(
    `sign-ins per second with ${concurrency} at once: ${((loaded.length / durationMs) * 1000).toFixed(0)}; ` +
      `sign-in p99 / session-lookup p99 = ${(percentile(sequentialSignIns, 99) / percentile(me, 99)).toFixed(1)}×`,
  );
} finally {
  await processes.stopAll();
}
