import { createHash, timingSafeEqual } from 'node:crypto';

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

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
 * A constant-time check of presented tokens against `token`: both sides are hashed first, so
 * neither the comparison nor its length check depends on how much of a guess was right.
 */
export function createTokenCheck(token: string): (presented: string | undefined) => boolean {
  if (token.length < 16) throw new Error('The gateway token is too short.');
  const expected = digest(token);
  return (presented) => presented !== undefined && timingSafeEqual(digest(presented), expected);
}
