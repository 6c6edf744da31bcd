// The admin's "Models and providers", "Usage" and "Audit log" sections in real Chromium, against a
// real team server (SQLite) whose OpenAI and Anthropic API bases are a fake upstream: the admin
// denies Anthropic and allows it again through the UI (the chat's selector and API follow at
// once), sees the server refuse a stale default, fixes the chat model for everyone (a second
// member, enrolled by link, finds it fixed), reads the usage of their chats as charts whose
// numbers match the API, moves the "since" day, and finds the policy changes in the audit log.
import { randomBytes } from 'node:crypto';
import { createPolicyStore, createTeamUsageLog, type RunningTeamServer } from '@switchboard/team';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openBrowser, screenshots } from './helpers/browser.js';
import { signInFirstAdmin, startWebTeam, type WebTeam } from './helpers/web-team.js';

const OPENAI_KEY = 'sk-proj-ADMINPOLICY-openai-0001';
const ANTHROPIC_KEY = 'sk-ant-ADMINPOLICY-anthropic-0001';
const DAY_MS = 86_400_000;

let team: WebTeam;
let server: RunningTeamServer;
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
  team = await startWebTeam({
    name: 'admin-policy',
    accepted: { openai: OPENAI_KEY, anthropic: ANTHROPIC_KEY },
    workspaceKeys: { openai: OPENAI_KEY, anthropic: ANTHROPIC_KEY },
  });
  ({ server } = team);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await team?.close();
});

const day = (time: number) => new Date(time).toISOString().slice(0, 10);
const selectorButton = (page: Page) => page.getByRole('button', { name: /^Model:/ });
const option = (page: Page, id: string) => page.locator(`[role="option"][data-model-id="${id}"]`);
const providerGroup = (page: Page, name: string) => page.getByRole('group', { name, exact: true });
const contextGroup = (page: Page, name: string) => page.getByRole('group', { name, exact: true });

async function openAdmin(page: Page, section: string, title: string): Promise<void> {
  await page.goto(`${server.publicUrl}/admin/${section}`);
  await page.getByRole('heading', { level: 1, name: `Admin · ${title}` }).waitFor();
}

/** Saves the policy form and waits for the server's acknowledgement. */
async function savePolicy(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Save policy' }).click();
  await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
}

async function policyOnServer(page: Page): Promise<{ denyProviders: string[]; defaults: Record<string, unknown> }> {
  return ((await (await page.request.get(`${server.publicUrl}/api/policy`)).json()) as { policy: never }).policy;
}

/** One chat turn through the API, read to its end (the usage is recorded when the answer ends). */
async function chat(page: Page, model: string, text: string): Promise<{ status: number; body: string }> {
  const response = await page.request.post(`${server.publicUrl}/api/chat`, {
    headers: { origin: server.publicUrl },
    data: {
      id: `c-${randomBytes(4).toString('hex')}`,
      model,
      messages: [{ id: 'u1', role: 'user', parts: [{ type: 'text', text }] }],
    },
  });
  return { status: response.status(), body: await response.text() };
}

/** The chat selector's entry for a model, filtered to it (then closed again). */
async function selectorEntry(
  page: Page,
  id: string,
  filter: string,
): Promise<{ disabled: string | null; text: string }> {
  await page.goto(`${server.publicUrl}/`);
  await selectorButton(page).waitFor();
  await selectorButton(page).click();
  await page.getByRole('combobox', { name: 'Filter models' }).fill(filter);
  const entry = {
    disabled: await option(page, id).getAttribute('aria-disabled'),
    text: (await option(page, id).textContent()) ?? '',
  };
  await page.keyboard.press('Escape');
  return entry;
}

/** Runs `then` with the page at a phone's width (375 px), then back at the desktop's. */
async function atPhoneWidth(page: Page, then: () => Promise<void>): Promise<void> {
  const desktop = page.viewportSize() ?? { width: 1280, height: 720 };
  await page.setViewportSize({ width: 375, height: 812 });
  // No sideways scrolling at phone width: everything fits or wraps.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  await then();
  await page.setViewportSize(desktop);
}

interface Totals {
  key: string;
  requests: number;
}

/** Each row of a usage figure's table: its label and its request count. */
async function figureRows(page: Page, name: string): Promise<Record<string, number>> {
  const rows = page.getByRole('figure', { name }).getByRole('table').locator('tbody tr');
  const entries = await rows.evaluateAll((elements) =>
    elements.map((row) => [
      row.querySelector('th')?.textContent ?? '',
      Number(row.querySelector('td')?.textContent?.replace(/,/g, '')),
    ]),
  );
  return Object.fromEntries(entries);
}

describe('team web app: admin policy, usage and audit', () => {
  it('sets the policy through the UI, shows usage as charts matching the API, and lists the changes in the audit log', async () => {
    const admin = await signInFirstAdmin(browser, server);
    const { page } = admin;
    let member: Awaited<ReturnType<typeof openBrowser>> | undefined;
    try {
      // Deny Claude (the anthropic provider) in the UI: the outcome shows before saving.
      await openAdmin(page, 'policy', 'Models and providers');
      const claude = providerGroup(page, 'Claude');
      await claude.getByRole('radio', { name: 'Deny' }).check();
      expect(await claude.getByText('Denied', { exact: true }).count()).toBe(1);
      expect(await page.getByText('Unsaved changes.').count()).toBe(1);
      await savePolicy(page);
      expect((await policyOnServer(page)).denyProviders).toEqual(['anthropic']);

      // The chat's selector shows Claude models denied, and the chat API refuses one, without a restart.
      const denied = await selectorEntry(page, 'claude-opus-4-1', 'opus 4.1');
      expect(denied.disabled).toBe('true');
      expect(denied.text).toContain('denied by the admin');
      const refused = await chat(page, 'claude-opus-4-1', 'hello?');
      // Claude Opus is also on Vertex and Bedrock, allowed but keyless here: the denial is still
      // what keeps it away, and the API says so as the selector does (403, not a login problem).
      expect(refused.status).toBe(403);
      expect(JSON.parse(refused.body)).toMatchObject({
        error: {
          code: 'PERMISSION_DENIED',
          message: expect.stringContaining('an admin denied anthropic'),
        },
      });

      // An allow list admits only those on it: with ChatGPT allowed, Claude is out as well.
      await openAdmin(page, 'policy', 'Models and providers');
      await claude.getByRole('radio', { name: 'No rule' }).check();
      await providerGroup(page, 'ChatGPT').getByRole('radio', { name: 'Allow' }).check();
      expect(await claude.getByText('Not admitted: not on the allow list').count()).toBe(1);
      expect(await page.getByText('An allow list is set: only one provider is admitted.').count()).toBe(1);
      // Allowed again: no rule for anyone, and Claude answers.
      await providerGroup(page, 'ChatGPT').getByRole('radio', { name: 'No rule' }).check();
      expect(await claude.getByText('Admitted', { exact: true }).count()).toBe(1);
      await savePolicy(page);
      expect((await policyOnServer(page)).denyProviders).toEqual([]);
      const allowed = await selectorEntry(page, 'claude-opus-4-1', 'opus 4.1');
      expect(allowed.disabled).not.toBe('true');
      expect(allowed.text).not.toContain('denied by the admin');
      expect((await chat(page, 'claude-opus-4-1', 'first')).body).toContain('[anthropic:claude-opus-4-1');
      expect((await chat(page, 'gpt-5-mini', 'second')).status).toBe(200);

      // A default the catalog no longer knows (stored before an upgrade, say): the server's refusal is shown.
      await createPolicyStore({ db: server.database.db }).set({
        allowProviders: [],
        denyProviders: [],
        defaults: { doc: { model: 'gpt-4-retired', userMayChange: true } },
      });
      await openAdmin(page, 'policy', 'Models and providers');
      const documents = contextGroup(page, 'Documents').getByRole('combobox', { name: 'Default model' });
      expect(await documents.inputValue()).toBe('gpt-4-retired');
      await page.getByRole('button', { name: 'Save policy' }).click();
      await page
        .getByRole('alert')
        .filter({ hasText: 'defaults.doc.model "gpt-4-retired" is not a model of the catalog.' })
        .waitFor();
      expect(await page.getByRole('status').filter({ hasText: 'Saved.' }).count()).toBe(0);

      // The chat model fixed to GPT-5 for everyone; the stale default dropped.
      await documents.selectOption('');
      const chatDefault = contextGroup(page, 'Chat');
      await chatDefault.getByRole('combobox', { name: 'Default model' }).selectOption('gpt-5');
      // Grouped by provider: GPT-5 sits under ChatGPT.
      expect(await chatDefault.locator('optgroup[label="ChatGPT"] option[value="gpt-5"]').count()).toBe(1);
      await chatDefault.getByRole('checkbox', { name: 'Members may change it' }).uncheck();
      await savePolicy(page);
      expect(await page.getByRole('alert').count()).toBe(0);
      expect((await policyOnServer(page)).defaults).toEqual({ chat: { model: 'gpt-5', userMayChange: false } });
      await screenshots(page, 'admin-policy');
      await atPhoneWidth(page, () => screenshots(page, 'admin-policy-phone'));

      // A second member, enrolled by link in another browser, finds the chat model fixed.
      const invited = await page.request.post(`${server.publicUrl}/api/admin/users`, {
        headers: { origin: server.publicUrl },
        data: { email: 'member@example.test', role: 'user' },
      });
      expect(invited.status()).toBe(201);
      const { enrollment } = (await invited.json()) as { enrollment: { url: string } };
      member = await openBrowser(browser);
      member.page.setDefaultTimeout(10_000);
      await member.page.goto(enrollment.url);
      await member.page.getByRole('button', { name: 'Create a passkey' }).click();
      await member.page.waitForURL(`${server.publicUrl}/`);
      await expect
        .poll(() => member?.page.getByTestId('current-model').textContent(), { timeout: 10_000 })
        .toBe('GPT-5');
      expect(await selectorButton(member.page).isDisabled()).toBe(true);
      await member.page.getByText('Your admin fixed the chat model.').waitFor();
      await member.page.getByRole('textbox', { name: 'Message' }).fill('What can I use?');
      await member.page.getByRole('button', { name: 'Send' }).click();
      await expect
        .poll(() => member?.page.getByTestId('answered-by').first().textContent(), { timeout: 15_000 })
        .toMatch(/^gpt-5 via ChatGPT/);
      expect((await chat(member.page, 'gpt-5-mini', 'another?')).status).toBe(403);
      // The lock holds for admins too.
      expect((await chat(page, 'gpt-5-mini', 'me neither?')).status).toBe(403);

      // Usage of 40 days ago (before this month, whatever today is), as the runtime records it.
      const past = Date.now() - 40 * DAY_MS;
      const me = (await (await page.request.get(`${server.publicUrl}/api/me`)).json()) as { userId: string };
      await createTeamUsageLog({ db: server.database.db }).append({
        time: new Date(past).toISOString(),
        provider: 'anthropic',
        model: 'claude-opus-4-1',
        route: { method: 'api-key', transport: 'anthropic-messages', upstreamId: 'claude-opus-4-1' },
        inputTokens: 100,
        outputTokens: 50,
        costUsd: 0.005,
        outcome: 'ok',
        userId: me.userId,
      });

      // The usage charts: by member, provider, model and day, the same numbers as the API.
      await openAdmin(page, 'usage', 'Usage');
      await page.getByRole('figure', { name: 'Usage by member' }).waitFor();
      const api = (await (await page.request.get(`${server.publicUrl}/api/admin/usage`)).json()) as Record<
        string,
        Totals[]
      >;
      const count = (rows: Totals[] | undefined) =>
        Object.fromEntries((rows ?? []).map((row) => [row.key, row.requests]));
      const { users } = (await (await page.request.get(`${server.publicUrl}/api/admin/users`)).json()) as {
        users: { id: string; email: string }[];
      };
      const emailOf = (id: string) => users.find((user) => user.id === id)?.email ?? id;
      const byEmail = Object.fromEntries((api['byUser'] ?? []).map((row) => [emailOf(row.key), row.requests]));
      expect(byEmail).toEqual({ 'admin@example.test': 2, 'member@example.test': 1 });
      // Emails and provider names arrive with their own requests: wait for them.
      await expect.poll(() => figureRows(page, 'Usage by member')).toEqual(byEmail);
      await expect
        .poll(() => figureRows(page, 'Usage by provider'))
        .toEqual({ ChatGPT: count(api['byProvider'])['openai'], Claude: count(api['byProvider'])['anthropic'] });
      expect(count(api['byProvider'])).toEqual({ openai: 2, anthropic: 1 });
      expect(await figureRows(page, 'Usage by model')).toEqual(count(api['byModel']));
      expect(count(api['byModel'])).toEqual({ 'claude-opus-4-1': 1, 'gpt-5': 1, 'gpt-5-mini': 1 });
      expect(await figureRows(page, 'Usage by day')).toEqual({ [day(Date.now())]: 3 });
      expect(await page.getByTestId('total-requests').textContent()).toBe('3');
      // The bars speak the chosen measure: tokens for ChatGPT are its input and output tokens.
      const openaiTotals = api['byProvider']?.find((row) => row.key === 'openai') as unknown as Record<string, number>;
      await page.getByRole('radio', { name: 'Tokens' }).check();
      const tokens = Number(openaiTotals['inputTokens']) + Number(openaiTotals['outputTokens']);
      expect(tokens).toBeGreaterThan(0);
      expect(await page.locator('.bar-row[data-key="openai"] .bar-value').textContent()).toBe(
        tokens.toLocaleString('en-US'),
      );
      // The numbers as a table, on request.
      const byProvider = page.getByRole('figure', { name: 'Usage by provider' });
      const show = byProvider.getByRole('button', { name: 'Show the numbers' });
      expect(await show.getAttribute('aria-expanded')).toBe('false');
      await show.click();
      expect(await byProvider.getByRole('button', { name: 'Hide the numbers' }).getAttribute('aria-expanded')).toBe(
        'true',
      );
      await screenshots(page, 'admin-usage');

      // An earlier "since" takes in the older request, in the charts as in the API.
      await page.getByLabel('Since', { exact: true }).fill(day(past - 5 * DAY_MS));
      await expect.poll(() => page.getByTestId('total-requests').textContent(), { timeout: 10_000 }).toBe('4');
      expect(await figureRows(page, 'Usage by day')).toMatchObject({ [day(past)]: 1, [day(Date.now())]: 3 });
      expect(await figureRows(page, 'Usage by member')).toEqual({ 'admin@example.test': 3, 'member@example.test': 1 });
      const earlier = (await (
        await page.request.get(`${server.publicUrl}/api/admin/usage?since=${day(past - 5 * DAY_MS)}`)
      ).json()) as Record<string, Totals[]>;
      expect(await figureRows(page, 'Usage by model')).toEqual(count(earlier['byModel']));
      // A "since" after all usage: the empty state.
      await page.getByLabel('Since', { exact: true }).fill(day(Date.now() + DAY_MS));
      await page.getByText(`No usage since ${day(Date.now() + DAY_MS)}.`).waitFor();

      // The audit log: the policy changes, by the admin, newest first.
      await openAdmin(page, 'audit', 'Audit log');
      const changes = page.locator('tbody tr[data-action="policy-changed"]');
      await changes.first().waitFor();
      expect(await changes.count()).toBe(3);
      expect(await changes.first().locator('td[data-label="Actor"]').textContent()).toBe('admin@example.test');
      expect(await changes.first().locator('td[data-label="Target"]').textContent()).toBe('workspace');
      expect(await changes.first().locator('td[data-label="Details"]').textContent()).toContain(
        'defaults.chat.model: gpt-5',
      );
      expect(await changes.last().locator('td[data-label="Details"]').textContent()).toContain(
        'denyProviders: anthropic',
      );
      await page.getByLabel('Action', { exact: true }).selectOption('policy-changed');
      expect(await page.locator('tbody tr').count()).toBe(3);
      await screenshots(page, 'admin-audit');
      await page.getByLabel('Action', { exact: true }).selectOption('');
      await atPhoneWidth(page, () => screenshots(page, 'admin-audit-phone'));

      // More events than a page: "Load more" reads the next pages until all the API holds is shown.
      for (let index = 0; index < 50; index += 1)
        expect(
          (
            await page.request.put(`${server.publicUrl}/api/admin/policy`, {
              headers: { origin: server.publicUrl },
              data: {},
            })
          ).status(),
        ).toBe(200);
      await page.getByLabel('Action', { exact: true }).selectOption('');
      await page.getByRole('button', { name: 'Refresh' }).click();
      await expect.poll(() => page.locator('tbody tr').count()).toBe(50);
      const all = (await (await page.request.get(`${server.publicUrl}/api/admin/audit?limit=500`)).json()) as {
        events: unknown[];
      };
      await page.getByRole('button', { name: 'Load more' }).click();
      await expect.poll(() => page.locator('tbody tr').count()).toBe(all.events.length);
      expect(await page.getByRole('button', { name: 'Load more' }).count()).toBe(0);

      await openAdmin(page, 'usage', 'Usage');
      await page.getByLabel('Since', { exact: true }).fill(day(past - 5 * DAY_MS));
      await page.getByRole('figure', { name: 'Usage by day' }).waitFor();
      await atPhoneWidth(page, () => screenshots(page, 'admin-usage-phone'));

      // The one console error is the browser's note of the refused save (400), which the page showed.
      expect(admin.consoleErrors).toHaveLength(1);
      expect(admin.consoleErrors[0]).toMatch(
        /\/admin\/policy: Failed to load resource: the server responded with a status of 400/,
      );
      expect(member.consoleErrors).toEqual([]);
    } finally {
      await member?.context.close();
      await admin.context.close();
    }
  }, 120_000);
});
