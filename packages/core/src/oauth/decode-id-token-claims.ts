/**
 * Reads the claims of a JWT (an id_token) WITHOUT verifying it. Only for tokens this
 * process already received over TLS from the token endpoint (or stored earlier) and only to
 * read account facts; never to make a trust decision. Returns undefined for anything that
 * is not a JWT with a JSON object payload.
 */
export function decodeIdTokenClaims(idToken: string): Record<string, unknown> | undefined {
  const parts = idToken.split('.');
  if (parts.length !== 3 || !parts[1]) return undefined;
  try {
    const payload: unknown = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    return payload !== null && typeof payload === 'object' && !Array.isArray(payload)
      ? (payload as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
