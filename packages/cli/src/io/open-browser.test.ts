import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { browserCommandFor, createBrowserOpener } from './open-browser.js';

const URL_WITH_QUERY =
  'http://127.0.0.1:4000/authorize?client_id=abc&state=xyz&redirect_uri=http%3A%2F%2F127.0.0.1%2Fcb';

describe('browserCommandFor', () => {
  it('uses xdg-open on Linux only when there is a display', () => {
    expect(browserCommandFor(URL_WITH_QUERY, 'linux', {})).toBeNull();
    expect(browserCommandFor(URL_WITH_QUERY, 'linux', { DISPLAY: ':0' })).toEqual({
      command: 'xdg-open',
      args: [URL_WITH_QUERY],
    });
    expect(browserCommandFor(URL_WITH_QUERY, 'linux', { WAYLAND_DISPLAY: 'wayland-0' })?.command).toBe('xdg-open');
  });
  it('uses open on macOS and rundll32 (no shell) on Windows', () => {
    expect(browserCommandFor(URL_WITH_QUERY, 'darwin', {})).toEqual({ command: 'open', args: [URL_WITH_QUERY] });
    expect(browserCommandFor(URL_WITH_QUERY, 'win32', {})).toEqual({
      command: 'rundll32',
      args: ['url.dll,FileProtocolHandler', URL_WITH_QUERY],
    });
  });
  it('prefers $BROWSER, taking the first of a colon-separated list', () => {
    expect(browserCommandFor(URL_WITH_QUERY, 'linux', { BROWSER: 'firefox:chromium' })).toEqual({
      command: 'firefox',
      args: [URL_WITH_QUERY],
    });
  });
  it('refuses anything but http(s) URLs', () => {
    expect(browserCommandFor('file:///etc/passwd', 'darwin', {})).toBeNull();
    expect(browserCommandFor('javascript:alert(1)', 'darwin', {})).toBeNull();
    expect(browserCommandFor('not a url', 'darwin', {})).toBeNull();
  });
});

describe('createBrowserOpener', () => {
  let directory: string;
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'sb-browser-'));
  });
  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('launches $BROWSER with the URL as one argument, untouched by a shell', async () => {
    const received = join(directory, 'argv.txt');
    const script = join(directory, 'fake-browser.sh');
    await writeFile(script, `#!/bin/sh\nprintf '%s\\n' "$#" "$1" > '${received}'\n`);
    await chmod(script, 0o755);
    const open = createBrowserOpener({ platform: process.platform, environment: { BROWSER: script } });
    await expect(open(URL_WITH_QUERY)).resolves.toBe(true);
    await expect
      .poll(() => readFile(received, 'utf8').catch(() => ''), { timeout: 10_000 })
      .toBe(`1\n${URL_WITH_QUERY}\n`);
  });

  it('resolves false when the browser program does not exist', async () => {
    const open = createBrowserOpener({
      platform: 'linux',
      environment: { BROWSER: join(directory, 'no-such-browser') },
    });
    await expect(open(URL_WITH_QUERY)).resolves.toBe(false);
  });

  it('resolves false on headless Linux without trying', async () => {
    const open = createBrowserOpener({ platform: 'linux', environment: {} });
    await expect(open(URL_WITH_QUERY)).resolves.toBe(false);
  });
});
