import { describe, expect, it } from 'vitest';
import type { ProviderStatus, SessionStatus } from '@switchboard/core';
import { createLoginReporter } from './login-reporter.js';
import { createTerminalStyle } from './terminal-style.js';

function capture() {
  const chunks: string[] = [];
  return { stream: { write: (text: string) => chunks.push(text), isTTY: false }, text: () => chunks.join('') };
}

const style = createTerminalStyle({ stream: { write: () => true }, environment: { NO_COLOR: '1' } });
/** The session just stored; the provider's status shows its facts at the top level. */
const ada: SessionStatus = {
  ref: 'openai/ada',
  name: 'ada',
  method: 'oauth',
  account: 'ada@example.com',
  plan: 'plus',
  expiresAt: '2026-11-29T12:00:00.000Z',
  refreshable: true,
  active: true,
};
const loggedIn: ProviderStatus = {
  provider: 'openai',
  name: 'ChatGPT',
  loggedIn: true,
  method: ada.method,
  account: ada.account,
  plan: ada.plan,
  expiresAt: ada.expiresAt,
  refreshable: ada.refreshable,
  active: true,
  session: ada.name,
  sessions: [ada],
};

describe('createLoginReporter with --json', () => {
  it('writes one JSON object per line on stdout, in the contract shapes, and nothing on stderr', () => {
    const stdout = capture();
    const stderr = capture();
    const reporter = createLoginReporter({
      stdout: stdout.stream,
      stderr: stderr.stream,
      json: true,
      providerName: 'ChatGPT',
      style,
    });
    reporter.onEvent({
      type: 'open_url',
      url: 'http://127.0.0.1:1/authorize?x=1',
      redirectUri: 'http://127.0.0.1:2/cb',
    });
    reporter.onEvent({
      type: 'device_code',
      verificationUri: 'http://i/device',
      verificationUriComplete: 'http://i/device?user_code=AB',
      userCode: 'AB',
      expiresAt: 1,
      intervalSeconds: 1,
    });
    reporter.onEvent({ type: 'paste_prompt', url: 'http://i/authorize', redirectUri: 'http://127.0.0.1/cb' });
    reporter.loggedIn(loggedIn);
    const lines = stdout
      .text()
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as unknown);
    expect(lines).toEqual([
      { event: 'open_url', url: 'http://127.0.0.1:1/authorize?x=1' },
      {
        event: 'device_code',
        verification_uri: 'http://i/device',
        verification_uri_complete: 'http://i/device?user_code=AB',
        user_code: 'AB',
      },
      { event: 'paste_prompt', url: 'http://i/authorize' },
      {
        event: 'logged_in',
        provider: 'openai',
        session: 'ada',
        method: 'oauth',
        account: 'ada@example.com',
        plan: 'plus',
        expires_at: '2026-11-29T12:00:00.000Z',
      },
    ]);
    expect(stderr.text()).toBe('');
  });
});

describe('createLoginReporter for people', () => {
  it('puts instructions on stderr and only the confirmation on stdout', () => {
    const stdout = capture();
    const stderr = capture();
    const reporter = createLoginReporter({
      stdout: stdout.stream,
      stderr: stderr.stream,
      json: false,
      providerName: 'ChatGPT',
      style,
    });
    reporter.onEvent({
      type: 'device_code',
      verificationUri: 'http://i/device',
      userCode: 'WDJB-MJHT',
      expiresAt: 1,
      intervalSeconds: 5,
    });
    reporter.loggedIn(loggedIn);
    expect(stderr.text()).toContain('visit http://i/device and enter the code:');
    expect(stderr.text()).toContain('WDJB-MJHT');
    expect(stdout.text()).toBe(
      '✅ Logged in to ChatGPT as ada@example.com (sign-in, plan plus) — session openai/ada.\n',
    );
  });
});
