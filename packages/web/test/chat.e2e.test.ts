// The team chat in real Chromium, against a real team server (SQLite) whose OpenAI and Anthropic
// API bases are a fake upstream: the admin picks a model with the keyboard only, chats, switches
// model mid-conversation, finds the choice kept after a reload, then denies Anthropic and sees
// the model refused both in the selector and by the API.
import type { RunningTeamServer } from '@switchboard/team';
import type { FakeUpstream } from '@switchboard/testkit';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshots } from './helpers/browser.js';
import { signInFirstAdmin, startWebTeam, type WebTeam } from './helpers/web-team.js';

const OPENAI_KEY = 'sk-proj-WEBCHAT-openai-0001';
const ANTHROPIC_KEY = 'sk-ant-WEBCHAT-anthropic-0001';

let team: WebTeam;
let upstream: FakeUpstream;
let server: RunningTeamServer;
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
  team = await startWebTeam({
    name: 'chat',
    accepted: { openai: OPENAI_KEY, anthropic: ANTHROPIC_KEY },
    workspaceKeys: { openai: OPENAI_KEY, anthropic: ANTHROPIC_KEY },
    chunkDelayMs: 30,
  });
  ({ server, upstream } = team);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await team?.close();
});

const selectorButton = (page: Page) => page.getByRole('button', { name: /^Model:/ });
const option = (page: Page, id: string) => page.locator(`[role="option"][data-model-id="${id}"]`);
const answers = (page: Page) => page.getByTestId('assistant-message');

/** Chooses a model with the keyboard only: focus the selector, type, arrows until it is active, Enter. */
async function chooseWithKeyboard(page: Page, id: string, filter: string): Promise<void> {
  await selectorButton(page).focus();
  await page.keyboard.type(filter);
  const combobox = page.getByRole('combobox', { name: 'Filter models' });
  expect(await combobox.evaluate((element) => element === document.activeElement)).toBe(true);
  const target = await option(page, id).getAttribute('id');
  for (let step = 0; step < 30 && (await combobox.getAttribute('aria-activedescendant')) !== target; step += 1)
    await page.keyboard.press('ArrowDown');
  expect(await combobox.getAttribute('aria-activedescendant')).toBe(target);
  await page.keyboard.press('Enter');
  expect(await page.getByRole('listbox').count()).toBe(0);
  // Focus goes back to the selector, which names the model now.
  expect(await selectorButton(page).evaluate((element) => element === document.activeElement)).toBe(true);
}

async function send(page: Page, text: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Message' }).fill(text);
  await page.getByRole('button', { name: 'Send' }).click();
}

/** The text of every conversation the server stored for the signed-in member. */
async function storedConversations(page: Page): Promise<string> {
  const listed = (await (await page.request.get(`${server.publicUrl}/api/conversations`)).json()) as {
    conversations: Array<{ id: string }>;
  };
  const texts = await Promise.all(
    listed.conversations.map(async ({ id }) =>
      (await page.request.get(`${server.publicUrl}/api/conversations/${id}`)).text(),
    ),
  );
  return texts.join('\n');
}

async function waitForText(locator: Locator, text: string): Promise<void> {
  await expect.poll(() => locator.textContent(), { timeout: 15_000 }).toContain(text);
}

describe('team web app: chat', () => {
  it('chooses models by keyboard, streams answers labelled with who served them, and honours the admin’s policy', async () => {
    const { context, page, consoleErrors } = await signInFirstAdmin(browser, server);
    try {
      await selectorButton(page).waitFor();

      // The model, chosen with the keyboard only.
      await chooseWithKeyboard(page, 'gpt-5-mini', 'gpt-5-mini');
      expect(await page.getByTestId('current-model').textContent()).toMatch(/GPT-5 mini/i);

      // A streamed answer, labelled with the model and who served it (the openai provider, which the product names ChatGPT); Stop shows while it streams.
      upstream.setDefaultBehavior('openai', {
        kind: 'text',
        chunks: ['Here is **bold** and code:\n\n', '```ts\nconst answer = 42;\n```\n', 'Done.'],
      });
      await send(page, 'Show me some code');
      await page.getByRole('button', { name: 'Stop' }).waitFor({ timeout: 10_000 });
      await waitForText(answers(page).nth(0), 'Done.');
      const first = answers(page).nth(0);
      expect(await first.getByTestId('answered-by').textContent()).toMatch(
        /^gpt-5-mini via ChatGPT \(api-key, workspace key\)$/,
      );
      expect(await first.getAttribute('data-provider')).toBe('openai');
      expect(await first.locator('strong').textContent()).toBe('bold');
      expect(await first.locator('pre code').textContent()).toBe('const answer = 42;');
      await page.getByRole('button', { name: 'Retry' }).waitFor();
      expect(upstream.lastRequest('openai')?.headers['authorization']).toBe(`Bearer ${OPENAI_KEY}`);

      // Stop mid-answer, then Retry: the answer is asked for again and arrives whole.
      const slow = Array.from({ length: 40 }, (_, index) => `word${index} `);
      upstream.setDefaultBehavior('openai', { kind: 'text', chunks: slow });
      await page.getByRole('button', { name: 'Retry' }).click();
      await waitForText(answers(page).nth(0), 'word1 ');
      await page.getByRole('button', { name: 'Stop' }).click();
      await page.getByRole('button', { name: 'Retry' }).waitFor();
      expect(await answers(page).nth(0).textContent()).not.toContain('word39');
      // The server finishes the stopped answer and stores it; wait for that, or its late save would
      // overwrite the newer messages below (the conversation is stored whole when an answer ends).
      await expect.poll(() => storedConversations(page), { timeout: 10_000 }).toContain('word39');
      upstream.setDefaultBehavior('openai', { kind: 'text', chunks: ['Answered ', 'again.'] });
      await page.getByRole('button', { name: 'Retry' }).click();
      await waitForText(answers(page).nth(0), 'Answered again.');
      expect(await answers(page).count()).toBe(1);
      await page.getByRole('button', { name: 'Retry' }).waitFor();

      // Switching mid-conversation: the next answer comes from Anthropic, without a reload.
      await chooseWithKeyboard(page, 'claude-opus-4-1', 'opus 4.1');
      await send(page, 'And now you?');
      await waitForText(answers(page).nth(1), 'you said: And now you?');
      await page.getByRole('button', { name: 'Retry' }).waitFor();
      const second = answers(page).nth(1);
      expect(await second.textContent()).toContain('[anthropic:claude-opus-4-1');
      expect(await second.getByTestId('answered-by').textContent()).toMatch(
        /^claude-opus-4-1 via Claude \(api-key, workspace key\)$/,
      );
      expect(await second.getAttribute('data-provider')).toBe('anthropic');
      expect(upstream.lastRequest('anthropic')?.headers['x-api-key']).toBe(ANTHROPIC_KEY);
      expect(upstream.lastRequest('anthropic')?.body).toMatchObject({
        model: expect.stringContaining('claude-opus-4-1'),
      });

      // The conversation is listed in the sidebar; reloading keeps the model; clicking the entry loads it.
      const sidebar = page.getByRole('navigation', { name: 'Conversations' });
      await waitForText(sidebar, 'Show me some code');
      await page.reload();
      await expect
        .poll(() => page.getByTestId('current-model').textContent(), { timeout: 10_000 })
        .toMatch(/Claude Opus 4\.1/i);
      expect(await answers(page).count()).toBe(0);
      await sidebar.getByRole('button', { name: /Show me some code/ }).click();
      await waitForText(answers(page).nth(1), 'you said: And now you?');
      expect(await answers(page).nth(0).getAttribute('data-provider')).toBe('openai');
      // The choice is kept on the server too: a browser that remembers nothing starts with it.
      const preferences = await page.request.get(`${server.publicUrl}/api/me/preferences`);
      expect(await preferences.json()).toMatchObject({ preferences: { chatModel: 'claude-opus-4-1' } });
      await page.evaluate(() => window.localStorage.clear());
      await page.reload();
      await expect
        .poll(() => page.getByTestId('current-model').textContent(), { timeout: 10_000 })
        .toMatch(/Claude Opus 4\.1/i);

      // The admin denies Anthropic: the model is shown as denied and cannot be chosen.
      const policy = await page.request.put(`${server.publicUrl}/api/admin/policy`, {
        headers: { origin: server.publicUrl },
        data: { allowProviders: [], denyProviders: ['anthropic'], defaults: {} },
      });
      expect(policy.status()).toBe(200);
      await page.reload();
      await selectorButton(page).waitFor();
      await page.getByRole('status').filter({ hasText: 'denied by the admin' }).waitFor();
      await chooseWithKeyboard(page, 'gpt-5-mini', 'gpt-5-mini');
      await selectorButton(page).focus();
      await page.keyboard.type('opus 4.1');
      const denied = option(page, 'claude-opus-4-1');
      expect(await denied.getAttribute('aria-disabled')).toBe('true');
      expect(await denied.textContent()).toContain('denied by the admin');
      for (let step = 0; step < 30; step += 1) {
        if (
          (await page.getByRole('combobox').getAttribute('aria-activedescendant')) === (await denied.getAttribute('id'))
        )
          break;
        await page.keyboard.press('ArrowDown');
      }
      await page.keyboard.press('Enter');
      // Still open, still the old model.
      expect(await page.getByRole('listbox').count()).toBe(1);
      await denied.click({ force: true });
      expect(await page.getByRole('listbox').count()).toBe(1);
      await page.keyboard.press('Escape');
      expect(await page.getByTestId('current-model').textContent()).toMatch(/GPT-5 mini/i);

      // The selector open, filtered to models of two providers (ready ones and denied ones).
      await page.keyboard.press('ArrowDown');
      await page.getByRole('listbox').waitFor();
      await page.keyboard.type('4.');
      await screenshots(page, 'chat-selector');
      await page.keyboard.press('Escape');

      // The API refuses it too.
      const refused = await page.request.post(`${server.publicUrl}/api/chat`, {
        headers: { origin: server.publicUrl },
        data: {
          id: 'denied-chat',
          model: 'claude-opus-4-1',
          messages: [{ id: 'u1', role: 'user', parts: [{ type: 'text', text: 'hi' }] }],
        },
      });
      // The admin's decision, said as such (403), as the selector says it.
      expect(refused.status()).toBe(403);
      expect(await refused.json()).toMatchObject({
        error: { code: 'PERMISSION_DENIED', message: expect.stringContaining('an admin denied anthropic') },
      });

      // The admin fixes the chat model: the selector shows it, disabled, with a note.
      const fixed = await page.request.put(`${server.publicUrl}/api/admin/policy`, {
        headers: { origin: server.publicUrl },
        data: { allowProviders: [], denyProviders: [], defaults: { chat: { model: 'gpt-5', userMayChange: false } } },
      });
      expect(fixed.status()).toBe(200);
      await page.reload();
      await expect.poll(() => page.getByTestId('current-model').textContent(), { timeout: 10_000 }).toBe('GPT-5');
      expect(await selectorButton(page).isDisabled()).toBe(true);
      expect(await page.getByText('Your admin fixed the chat model.').count()).toBe(1);
      await send(page, 'Which model?');
      await waitForText(answers(page).nth(0), 'Answered again.');
      expect(await answers(page).nth(0).getByTestId('answered-by').textContent()).toMatch(/^gpt-5 via ChatGPT/);
      expect(upstream.lastRequest('openai')?.body).toMatchObject({ model: 'gpt-5' });

      expect(consoleErrors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 90_000);
});
