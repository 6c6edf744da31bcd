import type { LoginEvent, ProviderStatus } from '@switchboard/core';
import type { OutputStream } from '../cli-io.js';
import { methodLabel } from './format-status.js';
import { writeJsonLine } from './json-line.js';
import type { TerminalStyle } from './terminal-style.js';

/** Shows the progress of `sb auth login`: JSON lines on stdout, or prose on stderr for people. */
export interface LoginReporter {
  onEvent(event: LoginEvent): void;
  /** The browser was launched for `url`. */
  browserOpened(url: string): void;
  loggedIn(status: ProviderStatus): void;
}

/**
 * With `json`, one object per line on stdout (the contract scripts and tests drive):
 * `open_url`, `device_code`, `paste_prompt`, `waiting`, `browser_failed`, `logged_in`.
 * Without, instructions go to stderr and only the final confirmation to stdout.
 */
export function createLoginReporter(options: {
  stdout: OutputStream;
  stderr: OutputStream;
  json: boolean;
  providerName: string;
  style: TerminalStyle;
  /** `--no-browser`: not opening one is the point, so `browser_failed` is not news. */
  noBrowser?: boolean;
}): LoginReporter {
  const { stdout, stderr, json, providerName, style } = options;
  const quiet = (event: LoginEvent) => event.type === 'browser_failed' && options.noBrowser === true;
  if (json) {
    return {
      onEvent(event) {
        if (!quiet(event)) writeJsonLine(stdout, toJsonEvent(event));
      },
      browserOpened() {},
      loggedIn(status) {
        writeJsonLine(stdout, {
          event: 'logged_in',
          provider: status.provider,
          session: status.session,
          method: status.method,
          account: status.account,
          plan: status.plan,
          expires_at: status.expiresAt,
        });
      },
    };
  }
  return {
    onEvent(event) {
      if (quiet(event)) return;
      switch (event.type) {
        case 'open_url':
          stderr.write(`To sign in to ${providerName}, open this URL in your browser:\n\n  ${event.url}\n\n`);
          return;
        case 'paste_prompt':
          stderr.write(
            `To sign in to ${providerName}, open this URL in a browser on any machine:\n\n  ${event.url}\n\n` +
              `After signing in, your browser lands on a page that may not load. Copy the whole address from the address bar (or the code shown) and paste it here.\n`,
          );
          return;
        case 'device_code': {
          const shortcut = event.verificationUriComplete ? `\n(or open ${event.verificationUriComplete} directly)` : '';
          stderr.write(
            `To sign in to ${providerName}, visit ${event.verificationUri} and enter the code:\n\n  ${style.bold(event.userCode)}\n${shortcut}\nWaiting for you to confirm… (Ctrl-C to cancel)\n`,
          );
          return;
        }
        case 'waiting':
          stderr.write(`${event.message} (Ctrl-C to cancel)\n`);
          return;
        case 'browser_failed':
          stderr.write(`Could not open a browser; open the URL above yourself.\n`);
          return;
      }
    },
    browserOpened() {
      stderr.write(style.dim('(Opened it in your browser.)\n'));
    },
    loggedIn(status) {
      const details = [status.method ? methodLabel(status.method) : null, status.plan ? `plan ${status.plan}` : null]
        .filter(Boolean)
        .join(', ');
      const ref = status.session === null ? '' : ` — session ${status.provider}/${status.session}`;
      stdout.write(
        `✅ Logged in to ${status.name}${status.account ? ` as ${status.account}` : ''}${details ? ` (${details})` : ''}${ref}.\n`,
      );
      const others = status.sessions.filter((session) => session.name !== status.session);
      const active = status.sessions.find((session) => session.active);
      if (others.length > 0 && active && active.name !== status.session)
        stdout.write(
          style.dim(
            `   ${active.ref} stays the active session; \`sb auth switch ${status.provider}/${status.session}\` makes this one serve.\n`,
          ),
        );
    },
  };
}

function toJsonEvent(event: LoginEvent): Record<string, unknown> {
  switch (event.type) {
    case 'open_url':
      return { event: 'open_url', url: event.url };
    case 'paste_prompt':
      return { event: 'paste_prompt', url: event.url };
    case 'device_code':
      return {
        event: 'device_code',
        verification_uri: event.verificationUri,
        verification_uri_complete: event.verificationUriComplete ?? null,
        user_code: event.userCode,
      };
    case 'waiting':
      return { event: 'waiting', message: event.message };
    case 'browser_failed':
      return { event: 'browser_failed', url: event.url };
  }
}
