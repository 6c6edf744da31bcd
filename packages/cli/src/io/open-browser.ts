import { spawn } from 'node:child_process';
import type { Environment } from '@switchboard/core';

/** The program and arguments that open a URL, or null when this machine has no way to show one. */
export interface BrowserCommand {
  command: string;
  args: string[];
}

/**
 * Picks how to open `url`: `$BROWSER` if set, else `open` (macOS), `rundll32` (Windows, no
 * shell: `cmd start` would interpret the `&` of a query string), `xdg-open` (Linux/BSD with a
 * display). Null for non-http(s) URLs and for headless Linux (no DISPLAY/WAYLAND_DISPLAY).
 */
export function browserCommandFor(
  url: string,
  platform: NodeJS.Platform,
  environment: Environment,
): BrowserCommand | null {
  let protocol: string;
  try {
    protocol = new URL(url).protocol;
  } catch {
    return null;
  }
  if (protocol !== 'https:' && protocol !== 'http:') return null;
  const browser = environment.BROWSER?.trim();
  if (browser) {
    // $BROWSER may be a colon-separated list (the convention of xdg-utils); take the first.
    const first = platform === 'win32' ? browser : browser.split(':')[0];
    if (first) return { command: first, args: [url] };
  }
  if (platform === 'darwin') return { command: 'open', args: [url] };
  if (platform === 'win32') return { command: 'rundll32', args: ['url.dll,FileProtocolHandler', url] };
  if (!environment.DISPLAY && !environment.WAYLAND_DISPLAY) return null;
  return { command: 'xdg-open', args: [url] };
}

/**
 * Returns a function that opens a URL in the user's browser, detached and without a shell.
 * Resolves false when there is no way to (the caller has printed the URL anyway). Only URLs
 * without secrets belong here: argv is visible to other local users.
 */
export function createBrowserOpener(options: {
  platform: NodeJS.Platform;
  environment: Environment;
}): (url: string) => Promise<boolean> {
  return (url) => {
    const browserCommand = browserCommandFor(url, options.platform, options.environment);
    if (!browserCommand) return Promise.resolve(false);
    return new Promise((resolve) => {
      const child = spawn(browserCommand.command, browserCommand.args, {
        detached: true,
        stdio: 'ignore',
        shell: false,
        windowsHide: true,
      });
      child.once('error', () => resolve(false));
      child.once('spawn', () => {
        child.unref();
        resolve(true);
      });
    });
  };
}
