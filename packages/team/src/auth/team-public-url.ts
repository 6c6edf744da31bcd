import { SwitchboardError } from '@switchboard/core';

/** The variable naming the web app's public URL (e.g. `https://switchboard.example.com`). */
export const TEAM_URL_VARIABLE = 'SWITCHBOARD_TEAM_URL';

/**
 * The team's public URL: `explicit` (`--public-url`), else `SWITCHBOARD_TEAM_URL`, else
 * `http://localhost:<port>`. Passkeys are bound to its host name and cookies to its origin, so it
 * must be what people type in their browser — a name, never an IP address (WebAuthn refuses IP
 * addresses as relying party ids), and https except on localhost.
 * @throws SwitchboardError `INVALID_CONFIG` naming what to fix.
 */
export function teamPublicUrl(
  environment: Readonly<Record<string, string | undefined>>,
  port: number,
  explicit?: string,
): string {
  const given = explicit ?? environment[TEAM_URL_VARIABLE];
  if (given === undefined || given === '') return `http://localhost:${port}`;
  let url: URL;
  try {
    url = new URL(given);
  } catch {
    throw new SwitchboardError('INVALID_CONFIG', `The team's public URL "${given}" is not a URL.`, {
      hint: `${TEAM_URL_VARIABLE}=https://switchboard.example.com`,
    });
  }
  const host = url.hostname;
  if (/^[\d.]+$/.test(host) || host.startsWith('['))
    throw new SwitchboardError(
      'INVALID_CONFIG',
      `The team's public URL must name a host, not the address ${host}: passkeys are bound to a host name (use localhost or a domain).`,
    );
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && (host === 'localhost' || host.endsWith('.localhost'))))
    throw new SwitchboardError(
      'INVALID_CONFIG',
      `The team's public URL must use https (plain http only for localhost): browsers allow passkeys and secure cookies only there.`,
    );
  return url.origin;
}
