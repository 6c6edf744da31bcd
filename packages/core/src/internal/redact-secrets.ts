const REDACTED = '[redacted]';

// Shapes of credentials that upstreams or libraries sometimes echo back in error text. The
// exact values in use are scrubbed first; these catch the ones we were never told about.
const SECRET_PATTERNS: readonly RegExp[] = [
  /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi,
  /\bsk-[A-Za-z0-9_-]{12,}/g,
  /\bAIza[0-9A-Za-z_-]{20,}/g,
  /\bya29\.[0-9A-Za-z._-]{10,}/g,
  /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g,
  /\b(api[_-]?key|key|access_token|token|secret|password)=([^&\s"'<>]+)/gi,
  /"(api[_-]?key|access_token|refresh_token|secret|password|authorization)"\s*:\s*"[^"]*"/gi,
];

/**
 * The one secret scrubber: removes credentials from text that may be shown to a person or
 * logged — every value in `secrets` (the credential in use), then anything shaped like a key or
 * token (Bearer values, `sk-…`, Google keys and access tokens, JWTs, `key=…`, JSON secret fields).
 */
export function redactSecrets(text: string, secrets: ReadonlyArray<string | undefined> = []): string {
  let result = text;
  for (const secret of secrets) {
    if (secret === undefined) continue;
    // Very short values would blank out ordinary words; no real credential is that short.
    if (secret.length >= 6) result = result.split(secret).join(REDACTED);
  }
  for (const pattern of SECRET_PATTERNS) {
    result = result.replace(pattern, (match: string, first?: string) => {
      if (/^(Bearer|Basic)$/i.test(first ?? '')) return `${first} ${REDACTED}`;
      if (match.includes('=') && first !== undefined && !match.startsWith('"')) return `${first}=${REDACTED}`;
      if (match.startsWith('"') && first !== undefined) return `"${first}":"${REDACTED}"`;
      return REDACTED;
    });
  }
  return result;
}

/**
 * Text another server wrote (an OAuth error description, a callback's error) made safe to show:
 * {@link redactSecrets}, then any long token-shaped run, control characters dropped, length capped.
 */
export function scrubServerText(text: string, secrets: ReadonlyArray<string | undefined> = []): string {
  return redactSecrets(text, secrets)
    .replace(/[A-Za-z0-9._~+/=-]{24,}/g, REDACTED)
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .slice(0, 200)
    .trim();
}
