#!/usr/bin/env node
// The web app's first load: what a browser with an empty cache downloads to show each main page
// (the sign-in page for a stranger; the chat, settings and admin for a signed-in admin), served
// by a real team server (SQLite) from the built app, through Debian's Chromium. Counted from the
// browser's own network events: bytes on the wire (compressed, headers included) against the
// same files' decoded size in the same load (what an uncompressed server would send).
// Usage (after `npm run build`): node bench/web-first-load.js
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { createAdminEnrollment, startTeamServer } from '@switchboard/team';
import { printTable } from './lib/stats.js';

const WEB_ROOT = fileURLToPath(new URL('../packages/web/dist', import.meta.url));
const CHROMIUM = process.env.SB_CHROMIUM ?? '/usr/bin/chromium';
if (!existsSync(CHROMIUM))
  throw new Error(`No Chromium at ${CHROMIUM}: apt-get install -y chromium (or set SB_CHROMIUM).`);
if (!existsSync(join(WEB_ROOT, 'index.html'))) throw new Error('The web app is not built: run `npm run build` first.');

const home = await mkdtemp(join(tmpdir(), 'sb-bench-web-'));
const server = await startTeamServer({
  environment: { SWITCHBOARD_HOME: home, SWITCHBOARD_TEAM_MASTER_KEYS: `1:${randomBytes(32).toString('base64')}` },
  port: 0,
  webRoot: WEB_ROOT,
});
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
});

/** Loads `path` in a fresh context (empty cache) and sums the app's files and the API's answers. */
async function measure(path, storageState, ready) {
  const context = await browser.newContext(storageState ? { storageState } : {});
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  const requests = new Map();
  cdp.on('Network.requestWillBeSent', ({ requestId, request }) =>
    requests.set(requestId, { url: new URL(request.url).pathname, decoded: 0, wire: 0 }),
  );
  cdp.on('Network.dataReceived', ({ requestId, dataLength }) => {
    const entry = requests.get(requestId);
    if (entry) entry.decoded += dataLength;
  });
  cdp.on('Network.loadingFinished', ({ requestId, encodedDataLength }) => {
    const entry = requests.get(requestId);
    if (entry) entry.wire = encodedDataLength;
  });
  await page.goto(`${server.publicUrl}${path}`, { waitUntil: 'networkidle' });
  await ready(page);
  await context.close();
  const app = [...requests.values()].filter((entry) => !entry.url.startsWith('/api/'));
  const api = [...requests.values()].filter((entry) => entry.url.startsWith('/api/'));
  const sum = (entries, key) => entries.reduce((total, entry) => total + entry[key], 0);
  return {
    files: app.length,
    wire: sum(app, 'wire'),
    decoded: sum(app, 'decoded'),
    apiCalls: api.length,
    apiWire: sum(api, 'wire'),
  };
}

try {
  // The first admin, enrolled with a virtual passkey, gives the signed-in pages their cookies.
  const { url } = await createAdminEnrollment(server.database, {
    email: 'bench@example.test',
    publicUrl: server.publicUrl,
  });
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  await page.goto(url);
  await page.getByRole('button', { name: 'Create a passkey' }).click();
  await page.waitForURL(`${server.publicUrl}/`);
  const signedIn = await context.storageState();
  await context.close();

  const heading = (name) => async (page) => {
    await page.getByRole('heading', { name, exact: false }).first().waitFor({ timeout: 15_000 });
  };
  const rows = [];
  for (const [label, path, state, ready] of [
    ['sign-in (stranger)', '/sign-in', undefined, heading('Sign in')],
    ['chat (signed in)', '/', signedIn, (page) => page.getByRole('button', { name: /^Model:/ }).waitFor()],
    ['settings', '/settings', signedIn, heading('Settings')],
    ['admin', '/admin', signedIn, heading('Admin')],
  ]) {
    const result = await measure(path, state, ready);
    rows.push([
      label,
      String(result.files),
      `${(result.wire / 1024).toFixed(1)} kB`,
      `${(result.decoded / 1024).toFixed(1)} kB`,
      `${((1 - result.wire / result.decoded) * 100).toFixed(0)}%`,
      `${result.apiCalls} (${(result.apiWire / 1024).toFixed(1)} kB)`,
    ]);
  }
  printTable(['page', 'app files', 'on the wire', 'decoded (uncompressed)', 'saved', 'API calls'], rows);
} finally {
  await browser.close();
  await server.close();
  await rm(home, { recursive: true, force: true });
}
