// The settings page in real Chromium against a real team server (see helpers/settings-team.ts):
// the provider filter of the chat's model list, kept across reloads with the chosen model; a
// personal provider key refused by the provider, then stored and serving the chat, then
// removed; passkeys added, renamed, removed, never the last; screenshots light, dark and at
// phone width.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshots } from './helpers/browser.js';
import { eventually } from './helpers/eventually.js';
import { KEYS, startSettingsTeam, type SettingsTeam } from './helpers/settings-team.js';

let team: SettingsTeam;
let page: Page;

beforeAll(async () => {
  team = await startSettingsTeam('settings');
  page = team.admin.page;
}, 60_000);

afterAll(async () => {
  await team?.close();
});

const url = (path: string) => `${team.server.publicUrl}${path}`;
const section = (name: string) => page.getByRole('region', { name });
const selectorButton = () => page.getByRole('button', { name: /^Model:/ });
const status = (scope: ReturnType<typeof section>) => scope.getByRole('status');

async function openSettings(): Promise<void> {
  await page.goto(url('/settings'));
  await section('Providers in the chat').getByRole('button', { name: 'Save providers' }).waitFor();
}

/** The model ids the header's selector lists (opened with the keyboard, closed again). */
async function listedModels(): Promise<string[]> {
  await selectorButton().focus();
  await page.keyboard.press('ArrowDown');
  await page.getByRole('listbox', { name: 'Models' }).waitFor();
  const ids = await page
    .locator('[role="option"]')
    .evaluateAll((options) => options.map((option) => option.getAttribute('data-model-id') ?? ''));
  await page.keyboard.press('Escape');
  return ids;
}

async function chooseModel(id: string, filter: string): Promise<void> {
  await selectorButton().focus();
  await page.keyboard.type(filter);
  await page.locator(`[role="option"][data-model-id="${id}"]`).click();
  await eventually(() => page.getByRole('listbox').count()).toBe(0);
}

/** The catalog's models, and which providers serve each, as the server gives them. */
async function catalog(): Promise<Array<{ id: string; providers: string[] }>> {
  const answer = await page.request.get(url('/api/catalog'));
  return ((await answer.json()) as { models: Array<{ id: string; providers: string[] }> }).models;
}

async function storedPreferences(): Promise<{ chatModel: string | null; providers: string[] }> {
  const answer = await page.request.get(url('/api/me/preferences'));
  return ((await answer.json()) as { preferences: { chatModel: string | null; providers: string[] } }).preferences;
}

/** axe-core's WCAG 2.1 A and AA rules on the page as it is, in light and in dark (contrast differs). */
async function accessibilityViolations(): Promise<string[]> {
  const axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  const found: string[] = [];
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    // Evaluated over CDP, which the page's Content-Security-Policy does not govern.
    await page.evaluate(axeSource);
    const violations = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<unknown> } }).axe;
      const results = (await axe.run(document, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      })) as { violations: Array<{ id: string; nodes: Array<{ target: unknown }> }> };
      return results.violations.map((violation) => `${violation.id} at ${JSON.stringify(violation.nodes[0]?.target)}`);
    });
    found.push(...violations.map((violation) => `${colorScheme}: ${violation}`));
  }
  await page.emulateMedia({ colorScheme: null });
  return found;
}

describe('team web app: settings', () => {
  it('filters the chat’s model list by provider, keeping the filter and the chosen model across reloads', async () => {
    const models = await catalog();
    const claudeOnly = models.filter((model) => model.providers.includes('anthropic')).map((model) => model.id);
    expect(claudeOnly.length).toBeGreaterThan(1);
    expect(claudeOnly).not.toContain('gpt-5-mini');

    // A model chosen before the filter: it must stay listed (and current) after it.
    await page.goto(url('/'));
    await chooseModel('gpt-5-mini', 'gpt-5-mini');
    expect((await listedModels()).length).toBe(models.length);

    await openSettings();
    const providers = section('Providers in the chat');
    const boxes = providers.getByRole('checkbox');
    expect(await boxes.count()).toBeGreaterThanOrEqual(4);
    // Nothing chosen yet means every provider: every box starts ticked.
    for (const box of await boxes.all()) expect(await box.isChecked()).toBe(true);
    for (const box of await boxes.all()) if ((await box.getAttribute('value')) !== 'anthropic') await box.uncheck();
    // No provider at all is refused before anything is sent.
    await providers.getByRole('checkbox', { name: /^Claude/ }).uncheck();
    await providers.getByRole('button', { name: 'Save providers' }).click();
    await providers.getByRole('alert').filter({ hasText: 'Choose at least one provider' }).waitFor();
    expect((await storedPreferences()).providers).toEqual([]);
    // With the keyboard: focus Claude's box, Space ticks it, then save.
    await providers.getByRole('checkbox', { name: /^Claude/ }).focus();
    await page.keyboard.press('Space');
    await providers.getByRole('button', { name: 'Save providers' }).click();
    await eventually(() => status(providers).textContent()).toBe('Saved. The chat lists the models of Claude.');
    expect(await storedPreferences()).toMatchObject({ providers: ['anthropic'], chatModel: 'gpt-5-mini' });

    // The chat lists Claude's models, and still the current one.
    await page.goto(url('/'));
    await eventually(() => page.getByTestId('current-model').textContent()).toMatch(/GPT-5 mini/i);
    expect((await listedModels()).sort()).toEqual([...claudeOnly, 'gpt-5-mini'].sort());
    await selectorButton().click();
    expect(await page.locator('.model-filter-note').textContent()).toContain('Models of Claude.');
    await page.keyboard.press('Escape');

    // Choosing a Claude model: the GPT model leaves the list; both survive a reload.
    await chooseModel('claude-opus-4-1', 'opus 4.1');
    expect((await listedModels()).sort()).toEqual([...claudeOnly].sort());
    await page.reload();
    await eventually(() => page.getByTestId('current-model').textContent()).toMatch(/Claude Opus 4\.1/i);
    expect((await listedModels()).sort()).toEqual([...claudeOnly].sort());

    // Reloading the settings shows the saved filter; Select all + Save lists every model again.
    await openSettings();
    expect(await providers.getByRole('checkbox', { name: /^Claude/ }).isChecked()).toBe(true);
    expect(await providers.getByRole('checkbox', { name: /^ChatGPT/ }).isChecked()).toBe(false);
    await providers.getByRole('button', { name: 'Select all' }).click();
    await providers.getByRole('button', { name: 'Save providers' }).click();
    await expect
      .poll(() => status(providers).textContent())
      .toBe('Saved. The chat lists the models of every provider.');
    expect((await storedPreferences()).providers).toEqual([]);
    await page.goto(url('/'));
    expect((await listedModels()).length).toBe(models.length);
  }, 60_000);

  it('refuses a wrong personal key with the provider’s words, stores the right one, chats with it, removes it', async () => {
    await openSettings();
    const keys = section('Personal provider keys');
    await keys.getByText('You have no key of your own').waitFor();
    await keys.getByRole('combobox', { name: 'Provider' }).selectOption({ label: 'ChatGPT' });
    const secret = keys.getByLabel('API key');
    expect(await secret.getAttribute('type')).toBe('password');
    expect(await secret.getAttribute('autocomplete')).toBe('off');

    await secret.fill(KEYS.wrongOpenai);
    await keys.getByRole('button', { name: 'Save key' }).click();
    const refusal = keys.getByRole('alert');
    await refusal.waitFor();
    expect(await refusal.textContent()).toMatch(/^Not saved: /);
    expect(await refusal.textContent()).not.toContain(KEYS.wrongOpenai);
    // Nothing stored; the provider stays chosen; the refused secret is gone from the page.
    const mine = async () =>
      (await (await page.request.get(url('/api/me/credentials'))).json()) as { credentials: unknown[] };
    expect((await mine()).credentials).toEqual([]);
    expect(await keys.getByRole('combobox', { name: 'Provider' }).inputValue()).toBe('openai');
    expect(await secret.inputValue()).toBe('');

    await secret.fill(KEYS.personalOpenai);
    await keys.getByRole('button', { name: 'Save key' }).click();
    await expect
      .poll(() => status(keys).textContent())
      .toBe(`Saved your ChatGPT key (…${KEYS.personalOpenai.slice(-4)}).`);
    expect(await keys.getByRole('alert').count()).toBe(0);
    expect(await secret.inputValue()).toBe('');
    const listed = keys.getByRole('list', { name: 'Keys (your)' }).getByRole('listitem');
    await expect.poll(() => listed.count(), { timeout: 10_000 }).toBe(1);
    expect(await listed.textContent()).toMatch(
      new RegExp(`ChatGPT.*API key · …${KEYS.personalOpenai.slice(-4)} · added`),
    );
    expect(await listed.locator('time').getAttribute('datetime')).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(await page.content()).not.toContain(KEYS.personalOpenai);
    // Now it says it replaces the key.
    await keys.getByRole('button', { name: 'Replace your ChatGPT key' }).waitFor();

    // The chat's answer comes through the personal key, and says so.
    await page.goto(url('/'));
    await chooseModel('gpt-5-mini', 'gpt-5-mini');
    await page.getByRole('textbox', { name: 'Message' }).fill('Whose key?');
    await page.getByRole('button', { name: 'Send' }).click();
    const answeredBy = page.getByTestId('assistant-message').first().getByTestId('answered-by');
    await expect
      .poll(() => answeredBy.textContent(), { timeout: 15_000 })
      .toBe('gpt-5-mini via ChatGPT (api-key, personal key)');
    expect(team.upstream.lastRequest('openai')?.headers['authorization']).toBe(`Bearer ${KEYS.personalOpenai}`);

    // Removed after a confirmation; Cancel first leaves it.
    await openSettings();
    await keys.getByRole('button', { name: 'Remove your ChatGPT key' }).click();
    await keys.getByRole('button', { name: 'Cancel' }).click();
    expect(
      await keys
        .getByRole('button', { name: 'Remove your ChatGPT key' })
        .evaluate((button) => button === document.activeElement),
    ).toBe(true);
    await keys.getByRole('button', { name: 'Remove your ChatGPT key' }).click();
    await keys
      .getByRole('group', { name: /^Remove your ChatGPT key\?/ })
      .getByRole('button', { name: 'Remove key' })
      .click();
    await eventually(() => status(keys).textContent()).toBe('Removed your ChatGPT key.');
    await keys.getByText('You have no key of your own').waitFor();
    expect((await mine()).credentials).toEqual([]);
    // A key of one's own makes its provider ready in the providers section at once.
    const mistral = section('Providers in the chat').getByRole('checkbox', { name: /^Mistral/ });
    await eventually(() => mistral.evaluate((box) => box.closest('label')?.textContent)).toBe('Mistral needs a key');
    await keys.getByRole('combobox', { name: 'Provider' }).selectOption({ label: 'Mistral' });
    await keys.getByLabel('API key').fill(KEYS.workspaceMistral);
    await keys.getByRole('button', { name: 'Save key' }).click();
    await eventually(() => mistral.evaluate((box) => box.closest('label')?.textContent)).toBe('Mistral ready');
    await keys.getByRole('button', { name: 'Remove your Mistral key' }).click();
    await keys.getByRole('button', { name: 'Remove key' }).click();
    await eventually(() => mistral.evaluate((box) => box.closest('label')?.textContent)).toBe('Mistral needs a key');
  }, 60_000);

  it('adds a second passkey, renames it, removes it, and refuses to remove the last way to sign in', async () => {
    await openSettings();
    const passkeys = section('Passkeys');
    const items = passkeys.getByRole('list', { name: 'Your passkeys' }).getByRole('listitem');
    await eventually(() => items.count()).toBe(1);
    expect(await items.textContent()).toContain('Unnamed passkey');

    // Another device: this profile's authenticator already holds a passkey for the member (and
    // would refuse to make a second), so a security key is plugged in instead.
    const cdp = await team.admin.context.newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    const laptop = await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'usb',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
        automaticPresenceSimulation: true,
      },
    });
    await passkeys.getByLabel('Name (optional)').fill('Security key');
    await passkeys.getByRole('button', { name: 'Add a passkey' }).click();
    await eventually(() => status(passkeys).textContent()).toBe('Added the passkey “Security key”.');
    await eventually(() => items.count()).toBe(2);
    const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId: laptop.authenticatorId });
    expect(credentials).toHaveLength(1);

    // Renamed with the keyboard: Rename, type, Enter; focus comes back to Rename.
    await passkeys.getByRole('button', { name: 'Rename Security key' }).click();
    const name = passkeys.getByRole('textbox', { name: 'New name for Security key' });
    expect(await name.evaluate((input) => input === document.activeElement)).toBe(true);
    await page.keyboard.type('YubiKey 5');
    await page.keyboard.press('Enter');
    await eventually(() => status(passkeys).textContent()).toBe('Renamed the passkey to “YubiKey 5”.');
    const renamed = passkeys.getByRole('button', { name: 'Rename YubiKey 5' });
    expect(await renamed.evaluate((button) => button === document.activeElement)).toBe(true);
    const listed = (await (await page.request.get(url('/api/auth/passkey/list-user-passkeys'))).json()) as Array<{
      name?: string;
    }>;
    expect(listed.map((passkey) => passkey.name ?? null).sort()).toEqual(['YubiKey 5', null].sort());

    await passkeys.getByRole('button', { name: 'Remove YubiKey 5' }).click();
    await passkeys.getByRole('button', { name: 'Cancel' }).waitFor();
    await passkeys.screenshot({
      path: fileURLToPath(new URL('screenshots/settings-passkeys-confirm.png', import.meta.url)),
    });
    await passkeys.getByRole('button', { name: 'Remove passkey' }).click();
    await eventually(() => status(passkeys).textContent()).toBe('Removed YubiKey 5.');
    await eventually(() => items.count()).toBe(1);

    // The last way to sign in stays, and the server's reason is shown.
    await passkeys.getByRole('button', { name: 'Remove Unnamed passkey' }).click();
    await passkeys.getByRole('button', { name: 'Remove passkey' }).click();
    await eventually(() => passkeys.getByRole('alert').textContent()).toContain('This is your last way to sign in');
    expect(await items.count()).toBe(1);
    expect(await (await page.request.get(url('/api/auth/passkey/list-user-passkeys'))).json()).toHaveLength(1);
  }, 60_000);

  it('looks right in light and dark, and at phone width, passes axe-core, with no console errors', async () => {
    await openSettings();
    await section('API keys').getByText('You have no API key.').waitFor();
    expect(await accessibilityViolations()).toEqual([]);
    // Filled in: a personal key, an API key (its one-time panel open), a confirmation asked.
    const personal = section('Personal provider keys');
    await personal.getByLabel('API key').fill(KEYS.personalOpenai);
    await personal.getByRole('button', { name: 'Save key' }).click();
    await personal.getByRole('list', { name: 'Keys (your)' }).waitFor();
    const apiKeys = section('API keys');
    await apiKeys.getByRole('textbox', { name: 'Key name' }).fill('laptop agent');
    await apiKeys.getByRole('button', { name: 'Create key' }).click();
    await apiKeys.getByRole('textbox', { name: 'New API key' }).waitFor();
    await section('Passkeys').getByRole('button', { name: 'Remove Unnamed passkey' }).click();
    expect(await accessibilityViolations()).toEqual([]);
    // Escape answers no; the focus goes back to the button that asked.
    await page.keyboard.press('Escape');
    const removeButton = section('Passkeys').getByRole('button', { name: 'Remove Unnamed passkey' });
    expect(await removeButton.evaluate((button) => button === document.activeElement)).toBe(true);
    // The one-time secret leaves the page before any screenshot.
    await apiKeys.getByRole('button', { name: 'Done' }).click();
    await apiKeys.getByRole('list', { name: 'Your API keys' }).waitFor();
    await screenshots(page, 'settings');
    await page.setViewportSize({ width: 375, height: 812 });
    try {
      await page.reload();
      await section('API keys').getByRole('list', { name: 'Your API keys' }).waitFor();
      // Nothing wider than the phone's screen.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
      await screenshots(page, 'settings-phone');
    } finally {
      await page.setViewportSize({ width: 1280, height: 720 });
    }
    // The refusals this file provoked (a wrong key, the last passkey) are logged by Chromium as failed loads; nothing else.
    const unexpected = team.admin.consoleErrors.filter((error) => !/status of (422|409)/.test(error));
    expect(unexpected).toEqual([]);
  });
});
