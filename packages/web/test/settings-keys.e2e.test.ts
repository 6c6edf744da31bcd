// Keys in real Chromium against a real team server (see helpers/settings-team.ts): a personal API
// key created on the settings page, its secret read from the page once and used from Node with
// the official OpenAI and Anthropic SDKs at the base URLs the page shows, then revoked and
// refused; and the admin's workspace keys section adding and removing a provider key.
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshots } from './helpers/browser.js';
import { eventually } from './helpers/eventually.js';
import { KEYS, startSettingsTeam, type SettingsTeam } from './helpers/settings-team.js';

let team: SettingsTeam;
let page: Page;

beforeAll(async () => {
  team = await startSettingsTeam('settings-keys');
  page = team.admin.page;
  await team.admin.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: team.server.publicUrl });
}, 60_000);

afterAll(async () => {
  await team?.close();
});

const url = (path: string) => `${team.server.publicUrl}${path}`;
const section = (name: string) => page.getByRole('region', { name });

describe('team web app: API keys and workspace keys', () => {
  it('creates a personal API key shown once, which the SDKs use at the shown base URLs, then revokes it', async () => {
    await page.goto(url('/settings'));
    const keys = section('API keys');
    await keys.getByText('You have no API key.').waitFor();
    await keys.getByRole('textbox', { name: 'Key name' }).fill('ci agent');
    await keys.getByRole('button', { name: 'Create key' }).click();

    const shown = keys.getByRole('group', { name: 'Your new key “ci agent”' });
    const secretBox = shown.getByRole('textbox', { name: 'New API key' });
    const secret = await secretBox.inputValue();
    expect(secret).toMatch(/^sbk_[\w-]{40,}$/);
    expect(await secretBox.evaluate((input) => input === document.activeElement)).toBe(true);
    await shown.getByRole('button', { name: 'Copy' }).click();
    await eventually(() => shown.getByRole('status').textContent()).toBe('Copied to the clipboard.');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);

    // The base URLs as the page states them.
    const base = (label: string) => shown.locator('dt', { hasText: label }).locator('+ dd code').textContent();
    const openaiBase = await base('OpenAI-compatible base URL');
    const anthropicBase = await base('Anthropic-compatible base URL');
    expect(openaiBase).toBe(`${team.server.publicUrl}/v1`);
    expect(anthropicBase).toBe(team.server.publicUrl);

    const openai = new OpenAI({ apiKey: secret, baseURL: openaiBase!, maxRetries: 0 });
    team.upstream.setDefaultBehavior('openai', { kind: 'text', text: 'Hello from the gateway.' });
    const completion = await openai.chat.completions.create({
      model: 'gpt-5-mini',
      messages: [{ role: 'user', content: 'Say hello' }],
    });
    expect(completion.choices[0]?.message.content).toBe('Hello from the gateway.');
    // Served with the workspace's key (the member has none of their own).
    expect(team.upstream.lastRequest('openai')?.headers['authorization']).toBe(`Bearer ${KEYS.workspaceOpenai}`);
    const anthropic = new Anthropic({ apiKey: secret, baseURL: anthropicBase!, maxRetries: 0 });
    const message = await anthropic.messages.create({
      model: 'claude-opus-4-1',
      max_tokens: 64,
      messages: [{ role: 'user', content: 'And you?' }],
    });
    expect(message.content[0]).toMatchObject({ type: 'text', text: expect.stringContaining('And you?') });

    // Done: the secret leaves the page for good; the list shows the key by name, hint, use.
    await shown.getByRole('button', { name: 'Done' }).click();
    expect(await shown.count()).toBe(0);
    await page.reload();
    const item = keys.getByRole('list', { name: 'Your API keys' }).getByRole('listitem');
    await eventually(() => item.count()).toBe(1);
    expect(await item.textContent()).toMatch(
      new RegExp(`ci agent.*sbk_…${secret.slice(-4)} · created .* · last used `),
    );
    expect(await page.content()).not.toContain(secret);

    await keys.getByRole('button', { name: 'Revoke the API key ci agent' }).click();
    await keys.getByRole('button', { name: 'Revoke key' }).click();
    await eventually(() => keys.getByRole('status').last().textContent()).toBe('Revoked “ci agent”.');
    await keys.getByText('You have no API key.').waitFor();
    await keys.getByText('Revoked keys (1)').waitFor();
    const refused = await openai.chat.completions
      .create({ model: 'gpt-5-mini', messages: [{ role: 'user', content: 'Again' }] })
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(refused).toBeInstanceOf(OpenAI.AuthenticationError);
    expect((refused as InstanceType<typeof OpenAI.AuthenticationError>).status).toBe(401);
  }, 60_000);

  it('lets the admin add and remove a workspace key, checked at the provider', async () => {
    await page.goto(url('/admin'));
    await page
      .getByRole('navigation', { name: 'Admin sections' })
      .getByRole('link', { name: 'Workspace keys' })
      .click();
    await page.waitForURL(url('/admin/credentials'));
    const keys = section('Workspace keys');
    const items = keys.getByRole('list', { name: "Keys (the workspace's)" }).getByRole('listitem');
    await eventually(() => items.count()).toBe(2);
    expect(await items.allTextContents()).toEqual([
      expect.stringContaining('ChatGPT'),
      expect.stringContaining('Claude'),
    ]);

    // Each provider gets its method's form: a key file for Vertex; AWS keys (or an API key) for Bedrock.
    const provider = keys.getByRole('combobox', { name: 'Provider' });
    await provider.selectOption({ label: 'Vertex AI' });
    expect(await keys.getByRole('textbox', { name: 'Service-account key (JSON)' }).getAttribute('autocomplete')).toBe(
      'off',
    );
    await keys.getByLabel('Or load the key file').waitFor();
    await provider.selectOption({ label: 'Amazon Bedrock' });
    await keys.getByRole('radio', { name: 'AWS access keys' }).check();
    await keys.getByRole('textbox', { name: 'Access key ID' }).fill('AKIASETTINGSTEST1234');
    const awsSecret = keys.getByLabel('Secret access key');
    expect(await awsSecret.getAttribute('type')).toBe('password');
    await awsSecret.fill('settings-test-aws-secret-0000');
    await keys.getByRole('textbox', { name: 'Region (optional)' }).fill('eu west 1');
    await keys.getByRole('button', { name: 'Save key' }).click();
    // Refused: the server's words; the fields that are not secret stay, the secret must be typed again.
    await eventually(() => keys.getByRole('alert').textContent()).toBe('region contains whitespace.');
    expect(await keys.getByRole('textbox', { name: 'Access key ID' }).inputValue()).toBe('AKIASETTINGSTEST1234');
    expect(await keys.getByRole('textbox', { name: 'Region (optional)' }).inputValue()).toBe('eu west 1');
    expect(await awsSecret.inputValue()).toBe('');
    expect(await awsSecret.evaluate((input) => input === document.activeElement)).toBe(true);
    await screenshots(page, 'admin-workspace-keys');
    await awsSecret.fill('settings-test-aws-secret-0000');
    await keys.getByRole('textbox', { name: 'Region (optional)' }).fill('eu-west-1');
    await keys.getByRole('button', { name: 'Save key' }).click();
    await eventually(() => items.count()).toBe(3);
    expect(await items.last().textContent()).toMatch(/^Amazon Bedrock.*AWS access keys · …1234 · added/);
    expect(await keys.getByRole('alert').count()).toBe(0);
    await keys.getByRole('button', { name: "Remove the workspace's Amazon Bedrock key" }).click();
    await keys.getByRole('button', { name: 'Remove key' }).click();
    await eventually(() => items.count()).toBe(2);

    await provider.selectOption({ label: 'Mistral' });
    await keys.getByLabel('API key').fill(KEYS.workspaceMistral);
    await keys.getByRole('button', { name: 'Save key' }).click();
    await expect
      .poll(() => keys.getByRole('status').textContent())
      .toBe(`Saved the workspace's Mistral key (…${KEYS.workspaceMistral.slice(-4)}).`);
    await eventually(() => items.count()).toBe(3);
    const stored = async () =>
      (
        (await (await page.request.get(url('/api/admin/credentials'))).json()) as {
          credentials: Array<{ provider: string; hint: string }>;
        }
      ).credentials;
    expect(await stored()).toContainEqual(
      expect.objectContaining({ provider: 'mistral', hint: `…${KEYS.workspaceMistral.slice(-4)}` }),
    );
    expect(team.upstream.lastRequest('mistral')?.headers['authorization']).toBe(`Bearer ${KEYS.workspaceMistral}`);

    await keys.getByRole('button', { name: "Remove the workspace's Mistral key" }).click();
    await keys.getByRole('button', { name: 'Remove key' }).click();
    await eventually(() => keys.getByRole('status').textContent()).toBe("Removed the workspace's Mistral key.");
    await eventually(() => items.count()).toBe(2);
    expect((await stored()).map((credential) => credential.provider).sort()).toEqual(['anthropic', 'openai']);
    // The one refusal above (400) is logged by Chromium as a failed load; nothing else.
    expect(team.admin.consoleErrors.filter((error) => !error.includes('status of 400'))).toEqual([]);
  }, 60_000);
});
