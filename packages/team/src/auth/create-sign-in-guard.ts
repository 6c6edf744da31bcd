import { SwitchboardError } from '@switchboard/core';
import type { Context } from 'hono';
import type { RateLimiter } from '../security/create-rate-limiter.js';

/** Refuses a client past its sign-in attempts (429 with Retry-After). */
export interface SignInGuard {
  check(context: Context): Promise<void>;
}

/**
 * The client a request comes from: the socket's peer, or — behind a reverse proxy the operator
 * trusts (`trustProxy`) — the address that proxy appended last to `X-Forwarded-For` (the entries
 * before it are whatever the client claimed, so never those).
 */
export function clientAddress(context: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = context.req.header('x-forwarded-for')?.split(',').at(-1)?.trim();
    if (forwarded) return forwarded;
  }
  const incoming = (context.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? 'unknown';
}

/** Sign-in attempts limited per client address, in the database (every instance counts together). */
export function createSignInGuard(options: { limiter: RateLimiter; trustProxy: boolean }): SignInGuard {
  return {
    async check(context) {
      const verdict = await options.limiter.hit(`sign-in ${clientAddress(context, options.trustProxy)}`);
      if (!verdict.allowed)
        throw new SwitchboardError('RATE_LIMITED', 'Too many sign-in attempts; wait a minute and try again.', {
          retryAfterSeconds: verdict.retryAfterSeconds,
        });
    },
  };
}
