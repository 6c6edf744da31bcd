import { afterEach, describe, expect, it } from 'vitest';
import { completeDeviceLogin, genericOAuthToml, startOAuthServer, type OAuthServer } from '@switchboard/testkit';
import { readFile, writeFile } from 'node:fs/promises';
import type { LoginEvent } from '../src/index.js';
import { ask, collect, createHarness, KEYS, textOf, type RuntimeHarness } from './runtime-fixtures.js';

const MODEL = 'gpt-6.2-sol';
const ONE_HOUR = 3600;

const open: Array<RuntimeHarness | OAuthServer> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((item) => item.close()));
});

/** A home with two ChatGPT accounts (ada active, bob as `personal`) and an OpenAI API key (`key`). */
async function planAndKey(extraConfig = ''): Promise<{ h: RuntimeHarness; server: OAuthServer }> {
  const server = await startOAuthServer({
    extraClaims: (accountId) => ({
      email: `${accountId}@example.test`,
      'https://api.openai.com/auth': { chatgpt_account_id: `acct-${accountId}`, chatgpt_plan_type: 'plus' },
    }),
  });
  open.push(server);
  const h = await createHarness({ config: `${genericOAuthToml('openai', server)}\n${extraConfig}` });
  open.push(h);
  for (const [login, name] of [
    ['ada', undefined],
    ['bob', 'personal'],
  ] as const) {
    await h.home.auth.login('openai', {
      method: 'oauth',
      flow: 'device',
      ...(name ? { name } : {}),
      onEvent: (event: LoginEvent) => {
        if (event.type === 'device_code') void completeDeviceLogin(event.verificationUri, event.userCode, { login });
      },
    });
  }
  await h.home.auth.login('openai', { method: 'api-key', apiKey: KEYS.openai, name: 'key' });
  return { h, server };
}

const codexRequests = (h: RuntimeHarness) => h.upstream.requests.filter((request) => request.provider === 'codex');
const apiRequests = (h: RuntimeHarness) => h.upstream.requests.filter((request) => request.provider === 'openai');

describe('several sessions of one provider serving requests', () => {
  it('serves on the active account; a plan that runs out falls back to the API key before the first byte, says so once, and is skipped until its reset by every process', async () => {
    const { h } = await planAndKey();
    const status = await h.home.auth.statusOf('openai');
    expect(status.sessions.map((session) => [session.ref, session.method, session.active])).toEqual([
      ['openai/ada', 'oauth', true],
      ['openai/key', 'api-key', false],
      ['openai/personal', 'oauth', false],
    ]);
    let clock = Date.now();
    const runtime = await h.runtime({ exhaustedSessionsPath: h.home.paths.exhaustedSessions, now: () => clock });

    expect(textOf(await collect(runtime.stream(ask(MODEL, 'first'))))).not.toBe('');
    expect(codexRequests(h).map((request) => request.headers['chatgpt-account-id'])).toEqual(['acct-ada']);

    // The Codex backend answers that ada's plan is used up for an hour.
    h.upstream.enqueue('codex', { kind: 'error', status: 429, retryAfterSeconds: ONE_HOUR });
    const events = await collect(runtime.stream(ask(MODEL, 'second')));
    expect(textOf(events)).not.toBe('');
    const start = events.find((event) => event.type === 'start');
    expect(start).toMatchObject({ route: { provider: 'openai', method: 'api-key', session: 'key' } });
    // Not bob's plan: falling over to another subscription account needs the user's say-so.
    expect(codexRequests(h)).toHaveLength(2);
    expect(apiRequests(h)).toHaveLength(1);
    const notices = h.warnings.filter((warning) => warning.type === 'session-exhausted');
    expect(notices).toHaveLength(1);
    expect(notices[0]?.message).toMatch(
      /^ChatGPT plan limit reached \(openai\/ada\) until (\d{4}-\d\d-\d\d )?\d\d:\d\d — continuing on the API key openai\/key\.$/,
    );

    // The runtime's own view counts the limit at once (the chat's status line reads it).
    const ada = { provider: 'openai', method: 'oauth', session: 'ada' } as const;
    expect(runtime.exhaustedUntil(ada)).toBe(clock + ONE_HOUR * 1000);
    expect(runtime.exhaustedUntil({ ...ada, session: 'personal' })).toBeUndefined();

    // Skipped from now on, without asking the backend, and without saying it again.
    await collect(runtime.stream(ask(MODEL, 'third')));
    expect(codexRequests(h)).toHaveLength(2);
    expect(apiRequests(h)).toHaveLength(2);
    expect(h.warnings.filter((warning) => warning.type === 'session-exhausted')).toHaveLength(1);

    // Another process of the same home reads the same record.
    const other = await h.runtime({ exhaustedSessionsPath: h.home.paths.exhaustedSessions, now: () => clock });
    await collect(other.stream(ask(MODEL, 'fourth')));
    expect(codexRequests(h)).toHaveLength(2);
    const record = JSON.parse(await readFile(h.home.paths.exhaustedSessions, 'utf8')) as {
      until: Record<string, number>;
    };
    expect(Object.keys(record.until)).toEqual(['openai/oauth/ada']);
    // What `sb models` and the chat show: the plan last, saying why and until when.
    const routes = await other.resolveRoutes(MODEL);
    expect(routes.at(-1)).toMatchObject({
      target: { method: 'oauth', session: 'ada' },
      reason: expect.stringMatching(/^plan limit reached; skipped until (\d{4}-\d\d-\d\d )?\d\d:\d\d$/),
    });
    expect(routes[0]?.target).toMatchObject({ method: 'api-key', session: 'key' });

    // After the reset, ada's plan serves again.
    clock += (ONE_HOUR + 60) * 1000;
    expect(runtime.exhaustedUntil(ada)).toBeUndefined();
    await collect(runtime.stream(ask(MODEL, 'fifth')));
    expect(codexRequests(h).map((request) => request.headers['chatgpt-account-id'])).toEqual([
      'acct-ada',
      'acct-ada',
      'acct-ada',
    ]);
  });

  it('falls over to a second subscription account when routing.sessions lists it, then to the key', async () => {
    const { h } = await planAndKey('[routing]\nsessions = ["openai/ada", "openai/personal"]');
    const runtime = await h.runtime();
    h.upstream.enqueue('codex', { kind: 'error', status: 429, retryAfterSeconds: ONE_HOUR });
    const events = await collect(runtime.stream(ask(MODEL, 'hello')));
    expect(events.find((event) => event.type === 'start')).toMatchObject({
      route: { method: 'oauth', session: 'personal' },
    });
    expect(codexRequests(h).map((request) => request.headers['chatgpt-account-id'])).toEqual(['acct-ada', 'acct-bob']);
    expect(h.warnings.find((warning) => warning.type === 'session-exhausted')?.message).toContain(
      '— continuing on ChatGPT plan openai/personal.',
    );

    h.upstream.enqueue('codex', { kind: 'error', status: 429, retryAfterSeconds: ONE_HOUR });
    const last = await collect(runtime.stream(ask(MODEL, 'again')));
    expect(last.find((event) => event.type === 'start')).toMatchObject({
      route: { method: 'api-key', session: 'key' },
    });
    // ada was skipped (already used up): one more request, bob's, and the key's.
    expect(codexRequests(h).map((request) => request.headers['chatgpt-account-id'])).toEqual([
      'acct-ada',
      'acct-bob',
      'acct-bob',
    ]);
  });

  it('pins: per model (routing.pins) over the project directory ([projects]) over the active session', async () => {
    const { h } = await planAndKey();
    const directory = '/work/client-project';
    await writeFile(
      h.home.paths.config,
      `${await readFile(h.home.paths.config, 'utf8')}\n[projects."${directory}"]\nsessions = ["openai/personal"]\n`,
    );
    const inProject = await h.runtime({ projectDirectory: `${directory}/src` });
    await collect(inProject.stream(ask(MODEL, 'in the project')));
    const elsewhere = await h.runtime({ projectDirectory: '/work/other' });
    await collect(elsewhere.stream(ask(MODEL, 'elsewhere')));
    expect(codexRequests(h).map((request) => request.headers['chatgpt-account-id'])).toEqual(['acct-bob', 'acct-ada']);

    await writeFile(
      h.home.paths.config,
      `${await readFile(h.home.paths.config, 'utf8')}\n[routing.pins]\n"${MODEL}" = ["openai/key"]\n`,
    );
    const pinned = await h.runtime({ projectDirectory: `${directory}/src` });
    const events = await collect(pinned.stream(ask(MODEL, 'pinned')));
    expect(events.find((event) => event.type === 'start')).toMatchObject({
      route: { method: 'api-key', session: 'key' },
    });
    const routes = await pinned.resolveRoutes(MODEL);
    expect(routes[0]).toMatchObject({ reason: `routing.pins."${MODEL}": openai/key` });
  });
});
