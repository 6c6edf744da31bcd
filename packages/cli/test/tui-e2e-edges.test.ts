import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { statusLine, useTuiSessions } from './helpers/tui-sessions.js';

// The spec's edge cases, each as a person sees them in a real terminal (tmux, 80×24), plus
// Ctrl-C, NO_COLOR and resizing.

const { setUp, openChat } = useTuiSessions();

const SPINNER = /⠋|⠙|⠹|⠸|⠼|⠴|⠦|⠧|⠇|⠏/u;

describe('edge cases in the terminal', () => {
  it('a network failure during a switch says so and keeps the current model', async () => {
    // A ten-second token is too close to its end to be sent: the switch must refresh it first
    // (a token with time left would keep serving through a failed early refresh).
    const h = await setUp({
      oauth: { accessTokenTtlSeconds: 10 },
      signIn: ['anthropic'],
      config: 'model = "mistral-large-3"',
    });
    await h.loginApiKey('mistral');
    await h.signIn('anthropic');
    const session = await (await h.open()).auth.statusOf('anthropic');
    expect(session).toMatchObject({ loggedIn: true, method: 'oauth', refreshable: true });
    const before = await h.readConfig();
    const terminal = await openChat(h.environment);
    expect(statusLine(await terminal.screen())).toContain('Mistral Large 3 · Mistral · API key');

    await h.oauth?.close();
    await terminal.type('/model claude-opus-4-1');
    await terminal.press('Enter');
    const screen = await terminal.waitFor(
      (current) => current.includes('Failed to switch to Claude: network error'),
      'the failure',
    );
    expect(statusLine(screen)).toContain('Mistral Large 3 · Mistral · API key');
    expect(await h.readConfig()).toBe(before);
    expect((await (await h.open()).auth.statusOf('anthropic')).loggedIn).toBe(true);
  });

  it('a revoked refresh token: the dialog says to log in again, the dead session is gone, nothing is sent with it', async () => {
    const h = await setUp({
      oauth: { accessTokenTtlSeconds: 60 },
      signIn: ['anthropic'],
      config: 'model = "claude-opus-4-1"',
    });
    await h.signIn('anthropic');
    const terminal = await openChat(h.environment);
    expect(statusLine(await terminal.screen())).toContain('Claude Opus 4.1 · Claude · sign-in');

    await h.oauth?.revokeAllGrants();
    await terminal.type('Are you there?');
    await terminal.press('Enter');
    const screen = await terminal.waitFor(
      (current) => current.includes('Claude session expired. Run /login --provider=claude'),
      'the expired dialog',
    );
    expect(screen).not.toContain('requires Claude login');
    expect((await (await h.open()).auth.statusOf('anthropic')).loggedIn).toBe(false);
    expect(h.upstream.requests.filter((request) => request.provider === 'anthropic')).toEqual([]);
    await terminal.press('Enter');
    await terminal.waitFor(
      (current) => statusLine(current).includes('⚠ needs /login --provider=claude'),
      'the status line after the expiry',
    );
  });

  it('a provider down mid-conversation: the error, then an offer to continue with another logged-in model', async () => {
    const h = await setUp({ config: 'model = "claude-opus-4-1"' });
    await h.loginApiKey('anthropic');
    await h.loginApiKey('mistral');
    h.upstream.enqueue('anthropic', { kind: 'text', text: 'First answer from Claude.' });
    const terminal = await openChat(h.environment);
    await terminal.type('first question');
    await terminal.press('Enter');
    await terminal.waitFor(
      (screen) => screen.includes('First answer from Claude.') && !SPINNER.test(screen),
      'the first answer',
    );

    h.upstream.setDefaultBehavior('anthropic', { kind: 'error', status: 503, message: 'upstream overloaded' });
    h.upstream.enqueue('mistral', { kind: 'text', text: 'Mistral carries on.' });
    await terminal.type('second question');
    await terminal.press('Enter');
    const offer = await terminal.waitFor(
      (screen) => screen.includes('Continue with another logged-in model?'),
      'the offer',
    );
    expect(offer).toContain('Claude Opus 4.1 did not answer.');
    expect(offer).toMatch(/✖ .*(unavailable|503|overloaded)/iu);
    expect(offer).toMatch(/› 1\. Mistral [^\n]* \(Mistral · API key\)/u);
    await terminal.press('Enter');
    await terminal.waitFor((screen) => /Switched to Mistral [^\n]* \(Mistral · API key\)/u.test(screen), 'the switch');
    await terminal.waitFor(
      (screen) => screen.includes('Mistral carries on.') && !SPINNER.test(screen),
      'the answer from Mistral',
    );
    const body = JSON.stringify(h.upstream.lastRequest('mistral')?.body);
    expect(body).toContain('first question');
    expect(body).toContain('First answer from Claude.');
    expect(body).toContain('second question');
    expect(parse(await h.readConfig())).toMatchObject({ active_auth_provider: 'mistral' });
  });

  it('Ctrl-C stops an answer, then leaves on a second press', async () => {
    const h = await setUp({ config: 'model = "mistral-large-3"', upstream: { chunkDelayMs: 200 } });
    await h.loginApiKey('mistral');
    h.upstream.enqueue('mistral', { kind: 'text', chunks: Array.from({ length: 50 }, (_, index) => `word${index} `) });
    const terminal = await openChat(h.environment);
    await terminal.type('talk for a while');
    await terminal.press('Enter');
    await terminal.waitFor((screen) => screen.includes('word2 '), 'the answer starting');
    await terminal.press('C-c');
    await terminal.waitFor((screen) => screen.includes('Stopped.'), 'the stop');
    expect(await terminal.exitStatus()).toBeNull();
    await terminal.press('C-c');
    await terminal.waitFor((screen) => screen.includes('Press Ctrl-C again to exit'), 'the exit hint');
    await terminal.press('C-c');
    const deadline = Date.now() + 10_000;
    let status: number | null = null;
    while (status === null && Date.now() < deadline) {
      status = await terminal.exitStatus();
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(status, await terminal.screen()).toBe(0);
  });

  it('honours NO_COLOR, and uses colour without it', async () => {
    const h = await setUp({ config: 'model = "mistral-large-3"' });
    await h.loginApiKey('mistral');
    const colourSequence = /\u001b\[(?:\d+;)*(?:3[0-7]|9[0-7]|38;[25];[\d;]+)m/u;
    const plain = await openChat(h.environment);
    await plain.type('/mo');
    await plain.waitFor((screen) => screen.includes('Tab completes'), 'the hints');
    expect(await plain.screen({ withStyles: true })).not.toMatch(colourSequence);

    const { NO_COLOR: _ignored, ...coloured } = h.environment;
    const colour = await openChat(coloured);
    await colour.type('/mo');
    await colour.waitFor((screen) => screen.includes('Tab completes'), 'the hints');
    expect(await colour.screen({ withStyles: true })).toMatch(colourSequence);
  });

  it('resizes cleanly: the transcript is printed again at the new width, once', async () => {
    const h = await setUp({ config: 'model = "mistral-large-3"' });
    await h.loginApiKey('mistral');
    const long =
      'This answer is long enough to wrap several times on a narrow terminal, and then some more words follow.';
    h.upstream.enqueue('mistral', { kind: 'text', text: long });
    const terminal = await openChat(h.environment);
    await terminal.type('please answer at length');
    await terminal.press('Enter');
    await terminal.waitFor(
      (screen) => screen.includes('some more words follow.') && !SPINNER.test(screen),
      'the answer',
    );

    await terminal.resize(50, 20);
    // Clean means: one input box, one status line, nothing wider than the terminal, no stray border pieces.
    const clean = (screen: string, width: number) => {
      const lines = screen.split('\n');
      return (
        lines.filter((line) => line.startsWith('╭')).length === 1 &&
        lines.filter((line) => line.startsWith(' Mistral Large 3 · Mistral')).length === 1 &&
        lines.every((line) => line.length <= width && !/^[─╮]/u.test(line) && !/^\/help/u.test(line)) &&
        screen.includes('follow.')
      );
    };
    const narrow = await terminal.waitFor((screen) => clean(screen, 50), 'a clean narrow layout');
    const history = await terminal.history();
    expect(history.match(/please answer at length/gu)).toHaveLength(1);
    expect(history.match(/Switchboard —/gu)).toHaveLength(1);
    expect(narrow).toContain('please answer at length');

    await terminal.resize(80, 24);
    await terminal.waitFor(
      (screen) => clean(screen, 80) && screen.split('\n').some((line) => line.length > 50),
      'a clean wide layout',
    );
    const wide = await terminal.history();
    expect(wide.match(/please answer at length/gu)).toHaveLength(1);
  });
});
