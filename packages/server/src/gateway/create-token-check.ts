import { timingSafeEqual } from 'node:crypto';

/**
 * The token a request presents: `Authorization: Bearer <token>` (OpenAI clients) or
 * `x-api-key: <token>` (Anthropic clients).
 */
export function presentedToken(headers: Headers): string | undefined {
  const authorization = headers.get('authorization');
  if (authorization !== null) {
    const match = /^\s*bearer\s+(\S+)\s*$/i.exec(authorization);
    if (match) return match[1];
  }
  const apiKey = headers.get('x-api-key');
  return apiKey === null || apiKey === '' ? undefined : apiKey.trim();
}

/**
 * A constant-time check of presented tokens against `token`. Only the length can differ in
 * time, and that is public (every token is `sbl_` and 43 characters); the bytes are compared
 * with `timingSafeEqual`, so how much of a guess was right never shows.
 */
export function createTokenCheck(token: string): (presented: string | undefined) => boolean {
  if (token.length < 16) throw new Error('The gateway token is too short.');
  const expected = Buffer.from(token, 'utf8');
  return (presented) => {
    if (presented === undefined) return false;
    const candidate = Buffer.from(presented, 'utf8');
    return candidate.length === expected.length && timingSafeEqual(candidate, expected);
  };
}
