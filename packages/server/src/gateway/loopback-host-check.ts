import { GatewayRequestError } from './gateway-request-error.js';
import type { HeaderSource } from './header-source.js';

const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '[::1]']);

function splitHost(host: string): { name: string; port: string } | undefined {
  const match = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(host.trim().toLowerCase());
  return match ? { name: match[1]!, port: match[2] ?? '' } : undefined;
}

/**
 * Refuses a request that did not come from a page or program on this machine aiming at this
 * gateway: `Host` must be a loopback name with the gateway's port, and an `Origin`, when sent,
 * must be a loopback page (any port: a local web app may call the gateway with the token). A
 * DNS-rebinding page reaches 127.0.0.1 under its own host name and origin, so both are checked
 * before anything, `/healthz` included, is answered.
 * @throws GatewayRequestError 403 otherwise.
 */
export function checkLoopbackHost(headers: HeaderSource, port: number): void {
  const host = splitHost(headers.get('host') ?? '');
  if (host === undefined || !LOOPBACK_NAMES.has(host.name) || host.port !== String(port))
    throw new GatewayRequestError(
      'PERMISSION_DENIED',
      `The Switchboard gateway only answers requests addressed to 127.0.0.1:${port}, localhost:${port} or [::1]:${port}.`,
      { status: 403 },
    );
  const origin = headers.get('origin');
  if (origin === null) return;
  let originHost: string;
  try {
    const url = new URL(origin);
    originHost = url.protocol === 'http:' || url.protocol === 'https:' ? url.hostname : '';
  } catch {
    originHost = '';
  }
  if (!LOOPBACK_NAMES.has(originHost))
    throw new GatewayRequestError(
      'PERMISSION_DENIED',
      'The Switchboard gateway refuses requests from web pages of other sites (Origin is not this machine).',
      { status: 403 },
    );
}
