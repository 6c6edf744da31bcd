import { isRecord, type JsonRecord } from './json-value.js';

/**
 * The payload of a JWT, decoded WITHOUT verifying its signature, or `undefined` when
 * `token` is not a JWT. Only for tokens read from a file the user owns (another CLI's
 * login), where the claims are hints for display (email, plan, expiry), not trust.
 */
export function decodeJwtClaims(token: string | undefined): JsonRecord | undefined {
  if (token === undefined) return undefined;
  const parts = token.split('.');
  if (parts.length !== 3 || !parts[0] || !parts[1]) return undefined;
  try {
    const payload: unknown = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    return isRecord(payload) ? payload : undefined;
  } catch {
    return undefined;
  }
}

/** The `exp` claim of a JWT as epoch milliseconds, when it has one. */
export function jwtExpiresAt(claims: JsonRecord | undefined): number | undefined {
  const exp = claims?.exp;
  return typeof exp === 'number' && Number.isFinite(exp) && exp > 0 ? exp * 1000 : undefined;
}

/** The `aud` claim (first audience when it is a list): the OAuth client the token was issued to. */
export function jwtAudience(claims: JsonRecord | undefined): string | undefined {
  const aud = claims?.aud;
  if (typeof aud === 'string' && aud !== '') return aud;
  if (Array.isArray(aud) && typeof aud[0] === 'string' && aud[0] !== '') return aud[0];
  return undefined;
}
