// What the web app's browser tests share: Debian's Chromium through playwright-core (failing with
// instructions when it or the built app is missing), a profile with a virtual passkey
// authenticator and its console errors, and screenshots in both color schemes.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** The built web app the team server serves (`npm run build`); SB_WEB_ROOT names another build (several people building at once). */
export const WEB_ROOT = process.env['SB_WEB_ROOT'] ?? fileURLToPath(new URL('../../dist', import.meta.url));
const SCREENSHOTS = fileURLToPath(new URL('../screenshots', import.meta.url));
const CHROMIUM = process.env['SB_CHROMIUM'] ?? '/usr/bin/chromium';
/** How Chromium runs on these machines (no sandbox as root; no calls home on a closed network). */
const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Starts headless Chromium, or fails saying how to install it or build the app. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `No Chromium at ${CHROMIUM}: install it with \`apt-get install -y chromium\` (or set SB_CHROMIUM to its path).`,
    );
  if (!existsSync(join(WEB_ROOT, 'index.html')))
    throw new Error(`The web app is not built (${WEB_ROOT}): run \`npm run build\` first.`);
  await mkdir(SCREENSHOTS, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
}

/** A fresh browser profile with a platform authenticator that verifies its user (a fingerprint, say). */
export async function openBrowser(
  browser: Browser,
): Promise<{ context: BrowserContext; page: Page; consoleErrors: string[] }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(`${page.url()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => consoleErrors.push(`${page.url()}: ${error.message}`));
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
  return { context, page, consoleErrors };
}

/** Screenshots of the current page in both color schemes, for a person to look at. */
export async function screenshots(page: Page, name: string): Promise<void> {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await page.screenshot({ path: join(SCREENSHOTS, `${name}-${colorScheme}.png`), fullPage: true });
  }
  await page.emulateMedia({ colorScheme: null });
}
