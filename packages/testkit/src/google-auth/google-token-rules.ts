import { createPublicKey, verify, type KeyObject } from 'node:crypto';

/** Google's token endpoint: the only audience a service-account assertion may name. */
export const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';
/** The JWT-bearer grant (RFC 7523) Google issues service-account tokens by. */
export const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

/** An OAuth error answer of Google's token endpoint. */
export interface TokenRefusal {
  status: number;
  error: string;
  description: string;
}

const refuse = (status: number, error: string, description: string): TokenRefusal => ({ status, error, description });

function decodeSegment(segment: string | undefined): Record<string, unknown> | undefined {
  if (!segment) return undefined;
  try {
    const value = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8')) as unknown;
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Checks a service-account assertion as Google's token endpoint does
 * (https://developers.google.com/identity/protocols/oauth2/service-account, "Preparing to make
 * an authorized API call" / "Handling the response"): an RS256 JWT signed by a key of the
 * account named in `iss`, `aud` exactly the token URL, a `scope`, and `exp` at most one hour
 * after `iat`, not in the past. Returns the account's email, or the refusal Google sends.
 */
export function checkServiceAccountAssertion(
  assertion: string,
  publicKeyOf: (clientEmail: string) => KeyObject | string | undefined,
  nowSeconds: number,
): { clientEmail: string; scope: string } | TokenRefusal {
  const [headerPart, payloadPart, signaturePart] = assertion.split('.');
  const header = decodeSegment(headerPart);
  const claims = decodeSegment(payloadPart);
  if (!header || !claims || !signaturePart) return refuse(400, 'invalid_grant', 'Invalid JWT: malformed assertion.');
  if (header['alg'] !== 'RS256') return refuse(400, 'invalid_grant', 'Invalid JWT Signature.');
  const clientEmail = claims['iss'];
  const key = typeof clientEmail === 'string' ? publicKeyOf(clientEmail) : undefined;
  if (typeof clientEmail !== 'string' || !key) return refuse(400, 'invalid_grant', 'Invalid grant: account not found');
  const signed = verify(
    'RSA-SHA256',
    Buffer.from(`${headerPart}.${payloadPart}`),
    typeof key === 'string' ? createPublicKey(key) : key,
    Buffer.from(signaturePart, 'base64url'),
  );
  if (!signed) return refuse(400, 'invalid_grant', 'Invalid JWT Signature.');
  if (claims['aud'] !== GOOGLE_TOKEN_URL)
    return refuse(
      400,
      'invalid_grant',
      'Invalid JWT: Failed audience check. The right audience is https://oauth2.googleapis.com/token',
    );
  const scope = claims['scope'];
  if (typeof scope !== 'string' || scope.trim() === '')
    return refuse(400, 'invalid_scope', 'Invalid OAuth scope or ID token audience provided.');
  const issuedAt = claims['iat'];
  const expiresAt = claims['exp'];
  if (
    typeof issuedAt !== 'number' ||
    typeof expiresAt !== 'number' ||
    expiresAt - issuedAt > 3600 ||
    expiresAt <= nowSeconds ||
    issuedAt > nowSeconds + 300
  ) {
    return refuse(
      400,
      'invalid_grant',
      'Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.',
    );
  }
  return { clientEmail, scope };
}
