// What people expect of any web app, checked on every main screen in real Chromium against a real
// team server: axe-core's WCAG 2.1 A/AA rules in light and dark (contrast differs), nothing wider
// than a phone's screen, every tabbable control showing where the focus is, a skip link, and no
// console errors. Admin sections are found from the admin page's own navigation, so new ones are
// checked as they come.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { RunningTeamServer } from '@switchboard/team';
import type { FakeUpstream } from '@switchboard/testkit';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openBrowser, screenshots } from './helpers/browser.js';
import { signInFirstAdmin, startWebTeam, type SignedInBrowser, type WebTeam } from './helpers/web-team.js';

const OPENAI_KEY = 'sk-proj-WEBQUALITY-openai-0001';

let team: WebTeam;
let upstream: FakeUpstream;
let server: RunningTeamServer;
let browser: Browser;
let axeSource: string;
let admin: SignedInBrowser;
/** An invitation not yet used, for the enrollment page. */
let invitationUrl: string;

beforeAll(async () => {
  axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  browser = await launchChromium();
  team = await startWebTeam({
    name: 'quality',
    accepted: { openai: OPENAI_KEY },
    workspaceKeys: { openai: OPENAI_KEY },
  });
  ({ server, upstream } = team);
  admin = await signInFirstAdmin(browser, server);
  const invited = await admin.page.request.post(`${server.publicUrl}/api/admin/users`, {
    headers: { origin: server.publicUrl },
    data: { email: 'newcomer@example.test', role: 'user' },
  });
  expect(invited.status()).toBe(201);
  invitationUrl = ((await invited.json()) as { enrollment: { url: string } }).enrollment.url;
  // One answer, so the chat shows a message with its label and markdown.
  upstream.setDefaultBehavior('openai', { kind: 'text', chunks: ['Some **bold** text and `code`.'] });
}, 60_000);

afterAll(async () => {
  await admin?.context.close();
  await browser?.close();
  await team?.close();
});

interface Violation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: ReadonlyArray<{ readonly target: unknown }>;
}

/** axe-core's WCAG 2.1 A and AA rules on the page as it is now, as "rule: help (where)" lines. */
async function accessibilityViolations(page: Page): Promise<string[]> {
  // Evaluated over CDP, which the page's Content-Security-Policy (script-src 'self') does not govern.
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<unknown> } }).axe;
    const results = (await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    })) as { violations: Violation[] };
    return results.violations;
  });
  return violations.map(
    (violation) =>
      `${violation.id} (${violation.impact}): ${violation.help} at ${violation.nodes
        .slice(0, 3)
        .map((node) => JSON.stringify(node.target))
        .join(', ')}`,
  );
}

/** A main screen: where it is, what shows it is ready, and what to do there before looking (if anything). */
interface Screen {
  readonly name: string;
  readonly url: () => string;
  readonly ready: (page: Page) => Promise<void>;
  readonly prepare?: (page: Page) => Promise<void>;
}

/** Opens a screen as a person would see it: loaded, ready, prepared. */
async function open(page: Page, screen: Screen): Promise<void> {
  await page.goto(screen.url());
  await screen.ready(page);
  await screen.prepare?.(page);
}

async function adminSections(page: Page): Promise<string[]> {
  await page.goto(`${server.publicUrl}/admin`);
  const nav = page.getByRole('navigation', { name: 'Admin sections' });
  await nav.waitFor({ state: 'attached' });
  return nav
    .getByRole('link')
    .evaluateAll((links) => links.map((link) => new URL((link as HTMLAnchorElement).href).pathname));
}

const chatReady = (page: Page) => page.getByRole('button', { name: /^Model:/ }).waitFor();

async function screensOf(page: Page): Promise<Screen[]> {
  const signedIn: Screen[] = [
    {
      name: 'chat',
      url: () => `${server.publicUrl}/`,
      ready: chatReady,
      prepare: async (target) => {
        await target.getByRole('textbox', { name: 'Message' }).fill('Hello');
        await target.getByRole('button', { name: 'Send' }).click();
        await target.getByTestId('answered-by').first().waitFor();
      },
    },
    {
      name: 'chat-selector-open',
      url: () => `${server.publicUrl}/`,
      ready: chatReady,
      prepare: async (target) => {
        await target.getByRole('button', { name: /^Model:/ }).click();
        await target.getByRole('listbox').waitFor();
      },
    },
    {
      name: 'settings',
      url: () => `${server.publicUrl}/settings`,
      ready: async (target) => {
        await target.getByRole('heading', { name: 'Linked identities' }).waitFor();
        await expect.poll(() => target.getByText('Loading…').count(), { timeout: 10_000 }).toBe(0);
      },
    },
  ];
  for (const path of await adminSections(page))
    signedIn.push({
      name: path.slice(1).replaceAll('/', '-'),
      url: () => `${server.publicUrl}${path}`,
      ready: async (target) => {
        await target.getByRole('heading', { level: 1, name: /^Admin/ }).waitFor();
        // A section's data is in once "Loading…" is gone.
        await expect.poll(() => target.getByText('Loading…').count(), { timeout: 10_000 }).toBe(0);
      },
    });
  return signedIn;
}

const strangerScreens: Screen[] = [
  {
    name: 'sign-in',
    url: () => `${server.publicUrl}/sign-in`,
    ready: (page) =>
      page
        .getByRole('button', { name: /passkey/i })
        .first()
        .waitFor(),
  },
  {
    name: 'enroll',
    url: () => invitationUrl,
    ready: (page) => page.getByRole('button', { name: 'Create a passkey' }).waitFor(),
  },
];

describe('team web app: quality on every main screen', () => {
  it('passes axe-core’s WCAG 2.1 A/AA rules in light and dark', async () => {
    const stranger = await openBrowser(browser);
    try {
      const failures: string[] = [];
      const check = async (page: Page, screen: Screen) => {
        await open(page, screen);
        for (const colorScheme of ['light', 'dark'] as const) {
          await page.emulateMedia({ colorScheme });
          for (const line of await accessibilityViolations(page))
            failures.push(`${screen.name} (${colorScheme}): ${line}`);
        }
        await page.emulateMedia({ colorScheme: null });
      };
      for (const screen of strangerScreens) await check(stranger.page, screen);
      const screens = await screensOf(admin.page);
      // The chat (twice: the selector open), settings, and the seven admin sections at least.
      expect(screens.length).toBeGreaterThanOrEqual(10);
      for (const screen of screens) await check(admin.page, screen);
      expect(failures).toEqual([]);
      expect([...stranger.consoleErrors, ...admin.consoleErrors]).toEqual([]);
    } finally {
      await stranger.context.close();
    }
  }, 180_000);

  it('fits a phone’s screen without sideways scrolling, and looks right there in both themes', async () => {
    const stranger = await openBrowser(browser);
    const phone = { width: 375, height: 740 };
    await stranger.page.setViewportSize(phone);
    await admin.page.setViewportSize(phone);
    try {
      const overflowing: string[] = [];
      const check = async (page: Page, screen: Screen) => {
        await open(page, screen);
        const widths = await page.evaluate(() => ({
          page: document.documentElement.scrollWidth,
          screen: window.innerWidth,
        }));
        if (widths.page > widths.screen)
          overflowing.push(`${screen.name}: ${widths.page}px wide on a ${widths.screen}px screen`);
        await screenshots(page, `phone-${screen.name}`);
      };
      for (const screen of strangerScreens) await check(stranger.page, screen);
      for (const screen of await screensOf(admin.page)) await check(admin.page, screen);
      expect(overflowing).toEqual([]);
      expect([...stranger.consoleErrors, ...admin.consoleErrors]).toEqual([]);
    } finally {
      await admin.page.setViewportSize({ width: 1280, height: 720 });
      await stranger.context.close();
    }
  }, 180_000);

  it('lets a keyboard skip the header and shows the focus on every control it reaches', async () => {
    const { page } = admin;
    const unmarked: string[] = [];
    const visited = new Set<string>();
    for (const screen of await screensOf(page)) {
      if (visited.has(screen.url())) continue;
      visited.add(screen.url());
      // Freshly loaded, so the keyboard starts from the top of the page.
      await page.goto(screen.url());
      await screen.ready(page);
      await page.keyboard.press('Tab');
      const first = await page.evaluate(() => document.activeElement?.textContent);
      expect(first, screen.name).toBe('Skip to content');
      for (let step = 0; step < 60; step += 1) {
        const focused = await page.evaluate(() => {
          const element = document.activeElement as HTMLElement | null;
          if (!element || element === document.body) return null;
          const style = getComputedStyle(element);
          const marked =
            (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none';
          return {
            marked,
            name: `${element.tagName.toLowerCase()} "${(element.getAttribute('aria-label') ?? element.textContent ?? '').trim().slice(0, 40)}"`,
          };
        });
        if (!focused) break;
        if (!focused.marked) unmarked.push(`${screen.name}: ${focused.name}`);
        await page.keyboard.press('Tab');
      }
      // The skip link takes the focus to the page's main content.
      await page.goto(screen.url());
      await screen.ready(page);
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      expect(await page.evaluate(() => document.activeElement?.id), screen.name).toBe('content');
    }
    expect([...new Set(unmarked)]).toEqual([]);
    expect(admin.consoleErrors).toEqual([]);
  }, 180_000);
});
