import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { createCatalog, modelLoginRequiredError, type ProviderStatus } from '@switchboard/core';
import { currentModelView, loginStatusRows, pickerModels } from '../src/tui/catalog-view.js';
import { createBootController } from '../src/tui/create-boot-controller.js';
import { createChatStore } from '../src/tui/chat-store.js';
import { ChatApp } from '../src/tui/components/chat-app.js';
import { CredentialForm } from '../src/tui/components/credential-form.js';
import { LoginProgress } from '../src/tui/components/login-progress.js';
import { LoginStatusList } from '../src/tui/components/login-status-list.js';
import { AssistantMessage } from '../src/tui/components/message-view.js';
import { ModelPicker } from '../src/tui/components/model-picker.js';
import { NoticeModal } from '../src/tui/components/notice-modal.js';
import { StatusLine } from '../src/tui/components/status-line.js';
import { ThemeContext } from '../src/tui/components/theme-context.js';
import { availableLogins, type LoginSnapshot } from '../src/tui/model-routes.js';
import { colorEnabled, createTheme } from '../src/tui/theme.js';
import { inputOf } from '../src/tui/input-buffer.js';
import { createTuiHarness, TUI_CANARY, type TuiHarness } from './helpers/tui-harness.js';

const harnesses: TuiHarness[] = [];
afterEach(async () => {
  await Promise.all(harnesses.splice(0).map((harness) => harness.close()));
});

async function harness(options: Parameters<typeof createTuiHarness>[0] = {}): Promise<TuiHarness> {
  const created = await createTuiHarness(options);
  harnesses.push(created);
  return created;
}

async function snapshotOf(h: TuiHarness): Promise<LoginSnapshot> {
  const switchboard = await h.open();
  const statuses = await switchboard.auth.status();
  return {
    config: switchboard.config,
    statuses,
    available: availableLogins(statuses, switchboard.config, h.environment),
  };
}

const macrotask = () => new Promise((resolve) => setTimeout(resolve, 30));
const nothing = createBootController(createChatStore(), () => undefined);

describe('model picker', () => {
  it('shows every model under its provider with ✅ logged in · ⚠️ login required · ● active, tier and price', async () => {
    const h = await harness();
    await h.loginApiKey('mistral');
    const snapshot = await snapshotOf(h);
    const catalog = createCatalog();
    const models = pickerModels(catalog, snapshot, 'mistral-large-3', h.environment);
    const { lastFrame } = render(
      <ModelPicker models={models} filter="" selectedId="mistral-large-3" height={60} controller={nothing} />,
    );
    const frame = lastFrame() ?? '';
    for (const group of ['Claude', 'ChatGPT', 'Gemini', 'Mistral']) expect(frame).toMatch(new RegExp(`│ ${group} +│`));
    expect(frame).toContain('Claude Opus 4.1 (ultra premium) — $15/$75 ⚠️ Login required');
    expect(frame).toMatch(/› ● Mistral Large 3 \(\w[\w ]*\) — \$[\d.]+\/\$[\d.]+ ✅/u);
    expect(frame).toContain(`${catalog.list().length} of ${catalog.list().length}`);
  });

  it('marks a model ✅ once its provider is logged in, and filters on what is typed', async () => {
    const h = await harness();
    await h.loginApiKey('anthropic');
    const models = pickerModels(createCatalog(), await snapshotOf(h), null, h.environment);
    const { lastFrame } = render(
      <ModelPicker models={models} filter="opus 4.1" selectedId="claude-opus-4-1" height={20} controller={nothing} />,
    );
    const frame = lastFrame() ?? '';
    expect(frame).toContain('Claude Opus 4.1 (ultra premium) — $15/$75 ✅');
    expect(frame).not.toContain('Sonnet');
    expect(frame).toContain('1 of ');
  });

  it('keeps the selection in view when the list is longer than the screen', async () => {
    const h = await harness();
    const models = pickerModels(createCatalog(), await snapshotOf(h), null, h.environment);
    const last = models.at(-1);
    const { lastFrame } = render(
      <ModelPicker models={models} filter="" selectedId={last?.id ?? null} height={8} controller={nothing} />,
    );
    const frame = lastFrame() ?? '';
    expect(frame).toContain(`› `);
    expect(frame).toContain(last?.label ?? '(none)');
    expect(frame).not.toContain(models[0]?.label ?? '(none)');
    expect(frame.split('\n').length).toBeLessThanOrEqual(8 + 4);
  });

  it('takes typing as the filter and arrows as the selection through the chat’s key handling', async () => {
    const h = await harness();
    const store = createChatStore();
    const snapshot = await snapshotOf(h);
    const models = pickerModels(createCatalog(), snapshot, 'claude-sonnet-5-5', h.environment);
    store.dispatch({ type: 'loaded', current: null, models, providerNames: [] });
    store.dispatch({
      type: 'overlay-opened',
      overlay: { type: 'model-picker', filter: '', selectedId: 'claude-sonnet-5-5' },
    });
    const app = render(
      <ChatApp store={store} controller={createBootController(store, () => undefined)} theme={createTheme(false)} />,
    );
    app.stdin.write('claude 4');
    await macrotask();
    expect(app.lastFrame()).toContain('filter: claude 4');
    expect(store.getState().overlay).toMatchObject({ filter: 'claude 4', selectedId: 'claude-opus-4-1' });
    app.stdin.write('\u001b[B');
    await macrotask();
    expect(store.getState().overlay).toMatchObject({ selectedId: 'claude-sonnet-4-5' });
    expect(app.lastFrame()).toMatch(/› {3}Claude Sonnet 4\.5/u);
    app.stdin.write('\u007f\u007f');
    await macrotask();
    expect(store.getState().overlay).toMatchObject({ filter: 'claude' });
    app.unmount();
  });
});

describe('dialogs', () => {
  it('says which login a model needs, with the slash command to run', async () => {
    const h = await harness();
    const switchboard = await h.open();
    const message = modelLoginRequiredError(createCatalog().require('claude-opus-4-1'), switchboard.config, {
      style: 'tui',
    }).message;
    const { lastFrame } = render(
      <NoticeModal tone="warning" title="Login required" lines={[message]} controller={nothing} />,
    );
    expect(lastFrame()).toContain('Claude Opus 4.1 requires Claude login. Run /login --provider=claude');
    expect(lastFrame()).toContain('Enter or Esc to close');
  });

  it('shows an API key only as dots, never the key', async () => {
    const key = `sk-ant-${TUI_CANARY}`;
    const { lastFrame } = render(
      <CredentialForm
        title="Log in to Claude"
        fields={[{ name: 'apiKey', label: 'Claude API key', secret: true }]}
        fieldIndex={0}
        values={[]}
        field={inputOf(key)}
        controller={nothing}
      />,
    );
    expect(lastFrame()).not.toContain(TUI_CANARY);
    expect(lastFrame()).toContain('•'.repeat(key.length));
  });

  it('shows the device code and the time left while a sign-in waits', () => {
    const { lastFrame } = render(
      <LoginProgress
        title="Logging in to ChatGPT"
        lines={[
          ['Go to', 'http://127.0.0.1:9/device'],
          ['Enter the code', 'WDJB-MJHT'],
        ]}
        startedAt={Date.now()}
        deadline={Date.now() + 5 * 60_000}
        pasting={false}
        field={inputOf('')}
        controller={nothing}
      />,
    );
    const frame = lastFrame() ?? '';
    expect(frame).toContain('http://127.0.0.1:9/device');
    expect(frame).toContain('WDJB-MJHT');
    expect(frame).toMatch(/Waiting… [45]:\d\d left · Esc cancels/u);
  });
});

describe('status views', () => {
  it('/login --status lists every provider with its expiry', async () => {
    const h = await harness({ oauth: { accessTokenTtlSeconds: 7 * 24 * 3600 }, signIn: ['openai'] });
    await h.signIn('openai');
    const statuses = (await snapshotOf(h)).statuses;
    const { lastFrame } = render(<LoginStatusList rows={loginStatusRows(statuses, Date.now())} />);
    const frame = lastFrame() ?? '';
    expect(frame).toContain('✅ ChatGPT: logged in (expires in 7 days)');
    expect(frame).toContain('❌ Gemini: not logged in');
    expect(frame).toContain('❌ Claude: not logged in');
    expect(frame.split('\n').filter((line) => /^(✅|❌) /u.test(line))).toHaveLength(statuses.length);
  });

  it('the status line names model, provider, login method, tokens and cost, and warns of a session about to end', async () => {
    const h = await harness();
    await h.loginApiKey('anthropic');
    const snapshot = await snapshotOf(h);
    const model = createCatalog().require('claude-opus-4-1');
    const current = currentModelView(model, snapshot, h.environment, Date.now());
    const usage = { inputTokens: 1200, outputTokens: 300, costUsd: 0.0405 };
    const { lastFrame } = render(
      <StatusLine ready current={current} usage={usage} busy={null} exitArmed={false} streaming={false} />,
    );
    expect(lastFrame()).toContain('Claude Opus 4.1 · Claude · API key · 1.5k tokens · $0.04');

    // The Claude session is now a sign-in that cannot refresh and ends in 4 minutes.
    const ends = {
      method: 'oauth' as const,
      expiresAt: new Date(Date.now() + 4 * 60_000).toISOString(),
      refreshable: false,
    };
    const ending: ProviderStatus[] = snapshot.statuses.map((status) =>
      status.provider === 'anthropic'
        ? { ...status, ...ends, sessions: status.sessions.map((session) => ({ ...session, ...ends })) }
        : status,
    );
    const endingSnapshot = {
      ...snapshot,
      statuses: ending,
      available: availableLogins(ending, snapshot.config, h.environment),
    };
    const warned = render(
      <StatusLine
        ready
        current={currentModelView(model, endingSnapshot, h.environment, Date.now())}
        usage={usage}
        busy={null}
        exitArmed
        streaming={false}
      />,
    );
    expect(warned.lastFrame()).toContain('⚠ session expires in 4 minutes');
    expect(warned.lastFrame()).toContain('Press Ctrl-C again to exit');

    const signedOut = currentModelView(createCatalog().require('gpt-6-sol'), snapshot, h.environment, Date.now());
    const missing = render(
      <StatusLine ready current={signedOut} usage={usage} busy={null} exitArmed={false} streaming={false} />,
    );
    expect(missing.lastFrame()).toContain('GPT-6 Sol · ⚠ needs /login --provider=chatgpt · 1.5k tokens');
  });
});

describe('answers', () => {
  it('lays out code blocks and lists readably', () => {
    const text =
      'Steps:\n\n1. install\n2. run it with a rather long explanation that has to wrap onto a second line somewhere, even on a terminal a hundred columns wide\n\n```sh\nnpm test\n```';
    const { lastFrame } = render(
      <ThemeContext.Provider value={createTheme(false)}>
        <AssistantMessage text={text} modelName="Claude Opus 4.1" outcome="complete" />
      </ThemeContext.Provider>,
    );
    const lines = (lastFrame() ?? '').split('\n');
    expect(lines).toContain('Claude Opus 4.1');
    expect(lines).toContain('1. install');
    const wrapped = lines.findIndex((line) => line.startsWith('2. run it'));
    expect(lines[wrapped + 1]).toMatch(/^ {3}\S/u);
    expect(lines.some((line) => /^│ sh\s*$/u.test(line))).toBe(true);
    expect(lines.some((line) => /^│ npm test/u.test(line))).toBe(true);
  });
});

describe('input', () => {
  it('keeps several lines, and a long paste scrolls with the cursor instead of outgrowing the screen', async () => {
    const store = createChatStore();
    const app = render(
      <ChatApp store={store} controller={createBootController(store, () => undefined)} theme={createTheme(false)} />,
    );
    app.stdin.write('first line');
    app.stdin.write('\n');
    app.stdin.write('second line');
    await macrotask();
    expect(app.lastFrame()).toMatch(/› first line[^\n]*\n[^\n]* {3}second line/u);
    const pasted = Array.from({ length: 60 }, (_, index) => `pasted ${index}`).join('\n');
    app.stdin.write(`\u001b[200~${pasted}\u001b[201~`);
    await macrotask();
    const frame = app.lastFrame() ?? '';
    expect(store.getState().input.text.split('\n')).toHaveLength(61);
    expect(frame).toContain('pasted 59');
    expect(frame).not.toContain('pasted 0\n');
    expect(frame).toMatch(/↑ \d+ more lines/u);
    expect(frame.split('\n').length).toBeLessThan(40);
    app.unmount();
  });
});

describe('colour', () => {
  it('is off under NO_COLOR and TERM=dumb', () => {
    expect(colorEnabled({ NO_COLOR: '1' })).toBe(false);
    expect(colorEnabled({ TERM: 'dumb' })).toBe(false);
    expect(colorEnabled({ NO_COLOR: '' })).toBe(true);
    expect(Object.values(createTheme(false)).filter((value) => typeof value === 'string')).toEqual([]);
  });
});
