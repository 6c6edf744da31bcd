import { join } from 'node:path';
import { createQuotaLog } from '@switchboard/core';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'smol-toml';
import { createTuiHarness, TUI_CANARY, TUI_KEYS, type TuiHarness } from './helpers/tui-harness.js';
import { runSb } from './helpers/sb-process.js';
import { KEYS, renderChat, type RenderedChat } from './helpers/tui-render.js';

const harnesses: TuiHarness[] = [];
const chats: RenderedChat[] = [];
afterEach(async () => {
  for (const chat of chats.splice(0)) chat.unmount();
  await Promise.all(harnesses.splice(0).map((harness) => harness.close()));
});

async function setUp(options: Parameters<typeof createTuiHarness>[0] = {}): Promise<TuiHarness> {
  const created = await createTuiHarness(options);
  harnesses.push(created);
  return created;
}

async function open(h: TuiHarness): Promise<RenderedChat> {
  const chat = await renderChat(h.environment);
  chats.push(chat);
  return chat;
}

async function configOf(h: TuiHarness): Promise<Record<string, unknown>> {
  return parse(await h.readConfig()) as Record<string, unknown>;
}

describe('chat', () => {
  it('streams an answer from the model in use and counts its tokens and cost', async () => {
    const h = await setUp({ config: 'model = "claude-opus-4-1"' });
    await h.loginApiKey('anthropic');
    h.upstream.enqueue('anthropic', {
      kind: 'text',
      chunks: ['Hello ', 'from ', 'Claude'],
      usage: { inputTokens: 1000, outputTokens: 1000 },
    });
    const chat = await open(h);
    await chat.waitFor((frame) => frame.includes('Claude Opus 4.1 · Claude · API key · 0 tokens'), 'the status line');
    await chat.send('hi there');
    await chat.waitFor(
      (frame) => frame.includes('Hello from Claude') && frame.includes('2.0k tokens · $0.09'),
      'the answer and its cost',
    );
    const request = h.upstream.lastRequest('anthropic');
    expect(request?.model).toBe('claude-opus-4-1-20250805');
    expect(JSON.stringify(request?.body)).toContain('hi there');
  });

  it('keeps the conversation: the second request carries the first exchange', async () => {
    const h = await setUp({ config: 'model = "mistral-large-3"' });
    await h.loginApiKey('mistral');
    h.upstream.enqueue('mistral', { kind: 'text', text: 'first answer' }, { kind: 'text', text: 'second answer' });
    const chat = await open(h);
    await chat.send('one');
    await chat.waitFor((frame) => frame.includes('first answer'), 'the first answer');
    await chat.send('two');
    await chat.waitFor((frame) => frame.includes('second answer'), 'the second answer');
    const body = JSON.stringify(h.upstream.lastRequest('mistral')?.body);
    expect(body).toContain('one');
    expect(body).toContain('first answer');
    expect(body).toContain('two');
  });

  it('Esc stops an answer mid-stream and keeps what arrived', async () => {
    const h = await setUp({ config: 'model = "mistral-large-3"', upstream: { chunkDelayMs: 150 } });
    await h.loginApiKey('mistral');
    h.upstream.enqueue('mistral', { kind: 'text', chunks: Array.from({ length: 40 }, (_, index) => `part${index} `) });
    const chat = await open(h);
    await chat.send('go');
    await chat.waitFor((frame) => frame.includes('part1 '), 'the first parts');
    await chat.press(KEYS.escape);
    const frame = await chat.waitFor(
      (current) => current.includes('· stopped') && current.includes('Stopped.'),
      'the stop',
    );
    expect(frame).not.toContain('part39');
  });

  it('a model only an API key serves is ready when a key is stored beside the active ChatGPT sign-in', async () => {
    const h = await setUp({ signIn: ['openai'], config: 'model = "gpt-5"' });
    await h.signIn('openai');
    await h.loginApiKey('openai');
    const chat = await open(h);
    await chat.waitFor((frame) => /GPT-5 · ChatGPT · API key/u.test(frame), 'the status line on the key');
    expect(chat.frame()).not.toContain('needs /login');
  });

  it('says once, in the chat, when the ChatGPT plan runs out and the API key beside it takes over', async () => {
    const h = await setUp({ signIn: ['openai'], config: 'model = "gpt-6.2-sol"' });
    await h.signIn('openai');
    await h.loginApiKey('openai');
    h.upstream.enqueue('codex', { kind: 'error', status: 429, retryAfterSeconds: 3600 });
    h.upstream.enqueue(
      'openai',
      { kind: 'text', text: 'answered on the key' },
      { kind: 'text', text: 'again on the key' },
    );
    const chat = await open(h);
    await chat.send('one');
    const frame = await chat.waitFor((current) => current.includes('answered on the key'), 'the answer');
    // The notice is wrapped to the terminal's width (a reset after midnight adds its date): read as one line.
    expect(frame.replaceAll(/\n +/gu, ' ')).toMatch(
      /ChatGPT plan limit reached \(openai\/\S+\) until (\d{4}-\d\d-\d\d )?\d\d:\d\d — continuing on the API key openai\/key-\w+\./u,
    );
    // The status line names the route that served, not the plan that was planned.
    expect(frame).toMatch(/GPT-6\.2 Sol · ChatGPT · API key/u);
    await chat.send('two');
    const later = await chat.waitFor((current) => current.includes('again on the key'), 'the second answer');
    expect(later.match(/plan limit reached/gu)).toHaveLength(1);
    // The plan was not asked again: it is skipped until its reset.
    expect(h.upstream.requests.filter((request) => request.provider === 'codex')).toHaveLength(1);
    // The picker and the status line rank it last too: the key serves the next message.
    await chat.controller.refresh();
    await chat.waitFor((current) => /GPT-6\.2 Sol · ChatGPT · API key/u.test(current), 'the key in the status line');
  });

  it('/status shows the plan usage windows another process recorded in quota.json', async () => {
    const h = await setUp({ config: 'model = "claude-opus-4-1"' });
    await h.loginApiKey('anthropic');
    await createQuotaLog({ path: join(h.home.home, 'quota.json') }).record({
      provider: 'openai',
      method: 'oauth',
      source: 'codex-response-headers',
      observedAt: Date.now(),
      windows: [
        { id: 'codex.primary', usedPercent: 63, windowMinutes: 300, resetsAt: Date.now() + 90 * 60_000 + 30_000 },
        { id: 'codex.secondary', usedPercent: 21.5, windowMinutes: 10_080 },
      ],
    });
    const chat = await open(h);
    await chat.send('/status');
    const status = await chat.waitFor((frame) => frame.includes('ChatGPT plan'), 'the plan usage');
    expect(status).toMatch(/ChatGPT plan +5h: 63% used, resets in 1h 3[01]m · week: 21\.5% used \(as of just now\)/u);
  });

  it('/status describes model, route and conversation; /clear starts a new conversation', async () => {
    const h = await setUp({ config: 'model = "claude-opus-4-1"' });
    await h.loginApiKey('anthropic');
    h.upstream.enqueue(
      'anthropic',
      { kind: 'text', text: 'remembered answer', usage: { inputTokens: 10, outputTokens: 10 } },
      { kind: 'text', text: 'fresh answer' },
    );
    const chat = await open(h);
    await chat.send('remember this');
    await chat.waitFor(
      (frame) => frame.includes('remembered answer') && frame.includes('20 tokens'),
      'the first answer',
    );
    await chat.send('/status');
    const status = await chat.waitFor((frame) => frame.includes('Conversation'), 'the status');
    expect(status).toMatch(/Model +Claude Opus 4\.1 \(claude-opus-4-1\)/u);
    expect(status).toMatch(/Served by +Claude · API key/u);
    expect(status).toMatch(/Conversation +2 messages · 20 tokens/u);
    expect(status).toContain(h.home.home);
    await chat.send('/clear');
    await chat.waitFor(
      (frame) => frame.includes('New conversation.') && frame.includes('· 0 tokens'),
      'the new conversation',
    );
    expect(chat.store.getState().entries.map((entry) => entry.kind)).toEqual(['notice']);
    await chat.send('new topic');
    await chat.waitFor((frame) => frame.includes('fresh answer'), 'the next answer');
    const body = JSON.stringify(h.upstream.lastRequest('anthropic')?.body);
    expect(body).toContain('new topic');
    expect(body).not.toContain('remember this');
  });

  it('Ctrl-C clears the input, then arms, then leaves', async () => {
    const h = await setUp();
    const chat = await open(h);
    await chat.press('draft');
    await chat.waitFor((frame) => frame.includes('› draft'), 'the draft');
    await chat.press(KEYS.ctrlC);
    await chat.waitFor((frame) => !frame.includes('› draft'), 'the cleared input');
    expect(chat.exited()).toBe(false);
    await chat.press(KEYS.ctrlC);
    await chat.waitFor((frame) => frame.includes('Press Ctrl-C again to exit'), 'the exit hint');
    expect(chat.exited()).toBe(false);
    await chat.press(KEYS.ctrlC);
    expect(chat.exited()).toBe(true);
  });

  it('completes command names with Tab and recalls inputs with ↑', async () => {
    const h = await setUp();
    const chat = await open(h);
    await chat.press('/he');
    await chat.waitFor((frame) => frame.includes('/help') && frame.includes('Tab completes'), 'the hints');
    await chat.press(KEYS.tab);
    expect(chat.store.getState().input.text).toBe('/help ');
    await chat.press(KEYS.enter);
    await chat.waitFor((frame) => frame.includes('Commands') && frame.includes('/logout [provider]'), 'the help');
    await chat.press(KEYS.up);
    expect(chat.store.getState().input.text).toBe('/help ');
  });
});

describe('/model', () => {
  it('switches model and login together, persists both, and the next message uses it', async () => {
    const h = await setUp({ config: 'model = "mistral-large-3"' });
    await h.loginApiKey('mistral');
    await h.loginApiKey('anthropic');
    const chat = await open(h);
    await chat.send('/model');
    await chat.waitFor((frame) => frame.includes('Pick a model'), 'the picker');
    await chat.press('opus 4.1');
    await chat.waitFor((frame) => frame.includes('Claude Opus 4.1 (ultra premium) — $15/$75 ✅'), 'the filtered row');
    await chat.press(KEYS.enter);
    await chat.waitFor((frame) => frame.includes('Switched to Claude Opus 4.1 (Claude · API key)'), 'the confirmation');
    const config = await configOf(h);
    expect(config).toMatchObject({
      model: 'claude-opus-4-1',
      active_auth_provider: 'anthropic',
      active_auth_method: 'api-key',
    });
    await chat.send('which model?');
    await chat.waitFor((frame) => /Claude Opus 4\.1\n/u.test(frame) && !frame.includes('⠋'), 'the answer');
    await chat.waitFor(() => h.upstream.lastRequest('anthropic') !== undefined, 'the request');
    expect(h.upstream.requests.filter((request) => request.provider === 'mistral')).toEqual([]);
  });

  it('without a login: the modal names the login to run and the model stays', async () => {
    const h = await setUp({ config: 'model = "mistral-large-3"' });
    await h.loginApiKey('mistral');
    const before = await h.readConfig();
    const chat = await open(h);
    await chat.send('/model claude-opus-4-1');
    await chat.waitFor(
      (frame) => frame.includes('Claude Opus 4.1 requires Claude login. Run /login --provider=claude'),
      'the modal',
    );
    await chat.press(KEYS.enter);
    await chat.waitFor(
      (frame) => !frame.includes('requires Claude login') && frame.includes('Mistral Large 3 · Mistral · API key'),
      'the unchanged model',
    );
    expect(await h.readConfig()).toBe(before);
  });

  it('serializes rapid switches and confirms only the last', async () => {
    const h = await setUp({ config: 'model = "mistral-large-3"' });
    await h.loginApiKey('mistral');
    await h.loginApiKey('anthropic');
    const chat = await open(h);
    // Three switches in one burst (one chunk, as a paste or a fast typist delivers them): each
    // is queued while the first is still checking its login, so only the last may confirm. A
    // switch that finished before the next was even asked for has rightly confirmed already.
    await chat.press('/model claude-opus-4-1\r/model claude-sonnet-4-5\r/model mistral-small-3.2\r');
    await chat.waitFor(
      (frame) => frame.includes('Switched to Mistral Small 3.2 (Mistral · API key)'),
      'the last confirmation',
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    const frame = chat.frame();
    expect(frame.match(/Switched to/gu)).toHaveLength(1);
    expect(await configOf(h)).toMatchObject({ model: 'mistral-small-3.2', active_auth_provider: 'mistral' });
  });

  it('takes keys that arrive in one chunk as typed: Enter opens the picker and the rest filters it', async () => {
    const h = await setUp({ config: 'model = "mistral-large-3"' });
    await h.loginApiKey('mistral');
    const chat = await open(h);
    await chat.press('/model\ropus 4.1');
    await chat.waitFor((frame) => frame.includes('filter: opus 4.1'), 'the filtered picker');
    expect(chat.store.getState().input.text).toBe('');
    await chat.press('\r/model mist');
    await chat.waitFor((frame) => frame.includes('Claude Opus 4.1 requires Claude login'), 'the modal');
    // The modal took the Enter; what followed went nowhere (a dialog has no text field).
    expect(chat.store.getState().input.text).toBe('');
  });

  it('updates the picker live when another terminal logs in', async () => {
    const h = await setUp({ config: 'model = "mistral-large-3"' });
    await h.loginApiKey('mistral');
    const chat = await open(h);
    await chat.send('/model opus 4.1');
    await chat.waitFor(
      (frame) => frame.includes('Claude Opus 4.1 (ultra premium) — $15/$75 ⚠️ Login required'),
      'the signed-out row',
    );
    await h.loginApiKey('anthropic');
    await chat.waitFor(
      (frame) => frame.includes('Claude Opus 4.1 (ultra premium) — $15/$75 ✅'),
      'the row after the login elsewhere',
      10_000,
    );
  });
  it('follows `sb auth switch` run in another terminal: the status line names the new route', async () => {
    const h = await setUp({ config: 'model = "gpt-5"\nrouting.prefer = ["openai", "azure"]' });
    await h.loginApiKey('openai');
    const other = await h.open();
    await other.auth.login('azure', { method: 'api-key', apiKey: 'azure-key-for-the-route-switch' });
    await other.auth.switchProvider('openai');
    const chat = await open(h);
    await chat.waitFor((frame) => frame.includes('ChatGPT · API key'), 'the OpenAI route');
    const switched = await runSb(['auth', 'switch', 'azure'], { environment: h.environment });
    expect(switched.code).toBe(0);
    await chat.waitFor((frame) => frame.includes('Azure OpenAI · API key'), 'the route switched elsewhere', 10_000);
  });
});

describe('/login and /logout', () => {
  it('logs in with an API key typed into a masked field, then confirms', async () => {
    const h = await setUp({ config: 'model = "claude-opus-4-1"' });
    const chat = await open(h);
    await chat.send('/login --provider=claude');
    await chat.waitFor((frame) => frame.includes('How do you want to log in to Claude?'), 'the method choice');
    expect(chat.frame()).toMatch(/› 1\. Paste an API key/u);
    await chat.press(KEYS.enter);
    await chat.waitFor((frame) => frame.includes('Anthropic API key'), 'the key field');
    await chat.press(TUI_KEYS.anthropic ?? '');
    expect(chat.frame()).not.toContain(TUI_CANARY);
    await chat.press(KEYS.enter);
    await chat.waitFor((frame) => frame.includes('Logged in to Claude (API key'), 'the confirmation');
    await chat.waitFor((frame) => frame.includes('Claude Opus 4.1 · Claude · API key'), 'the status line');
    for (const frame of [chat.frame()]) expect(frame).not.toContain(TUI_CANARY);
    expect((await (await h.open()).auth.statusOf('anthropic')).loggedIn).toBe(true);
  });

  it('without a provider offers every provider with ChatGPT preselected; an unknown one lists the valid names', async () => {
    const h = await setUp();
    const chat = await open(h);
    await chat.send('/login');
    await chat.waitFor((frame) => frame.includes('Log in to which provider?'), 'the provider choice');
    expect(chat.frame()).toMatch(/› 1\. ChatGPT \(openai\)/u);
    await chat.press(KEYS.escape);
    await chat.waitFor((frame) => !frame.includes('Log in to which provider?'), 'the closed choice');
    await chat.send('/login --provider=chatgtp');
    await chat.waitFor(
      (frame) => frame.includes('Unknown provider "chatgtp". Valid providers: openai, anthropic, google, mistral'),
      'the valid names',
    );
  });

  it('/login --name adds a second account beside the first, asks before replacing the same key, and /status lists both', async () => {
    const h = await setUp({ config: 'model = "claude-opus-4-1"' });
    await h.loginApiKey('anthropic');
    const first = (await (await h.open()).auth.statusOf('anthropic')).sessions[0]?.ref ?? '';
    expect(first).toMatch(/^anthropic\/key-/u);
    const chat = await open(h);
    const secondKey = `sk-ant-api03-${TUI_CANARY}-second-key-0009`;

    await chat.send('/login claude --name work --method=api-key');
    await chat.waitFor((frame) => frame.includes('Anthropic API key'), 'the key field');
    await chat.press(secondKey);
    await chat.press(KEYS.enter);
    await chat.waitFor((frame) => frame.includes('— session anthropic/work.'), 'the confirmation');
    await chat.waitFor(
      (frame) => frame.includes(`${first} stays the active Claude session`),
      'the active session note',
    );

    // The same key again: the chat asks, and keeping it stores nothing.
    await chat.send('/login claude --method=api-key');
    await chat.waitFor((frame) => frame.includes('Anthropic API key'), 'the key field');
    await chat.press(TUI_KEYS.anthropic ?? '');
    await chat.press(KEYS.enter);
    await chat.waitFor((frame) => frame.includes('is already stored. Replace it with this sign-in?'), 'the question');
    await chat.press('2');
    await chat.waitFor((frame) => frame.includes(`Kept ${first} as it was; nothing was stored.`), 'the answer');

    await chat.send('/status');
    const status = await chat.waitFor((frame) => frame.includes('○ anthropic/work'), 'the sessions');
    expect(status).toContain(`● ${first}`);
    expect(status).not.toContain(TUI_CANARY);
    const sessions = (await (await h.open()).auth.statusOf('anthropic')).sessions.map((session) => session.ref);
    expect(sessions).toEqual([first, 'anthropic/work']);
  });

  it('/logout removes the session and the status follows', async () => {
    const h = await setUp({ config: 'model = "claude-opus-4-1"' });
    await h.loginApiKey('anthropic');
    const chat = await open(h);
    await chat.send('/logout claude');
    await chat.waitFor((frame) => frame.includes('Logged out of Claude (anthropic/key-0001).'), 'the logout');
    await chat.waitFor((frame) => frame.includes('⚠ needs /login --provider=claude'), 'the status line');
    expect((await (await h.open()).auth.statusOf('anthropic')).loggedIn).toBe(false);
  });
});
