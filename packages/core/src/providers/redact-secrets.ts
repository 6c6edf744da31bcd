import type { ResolvedCredential } from '../auth/types.js';

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
 * Removes credentials from text that may be shown to a person or logged: every value in
 * `secrets` (the credential in use), then anything shaped like a key or token.
 */
export function redactSecrets(text: string, secrets: readonly string[] = []): string {
  let result = text;
  for (const secret of secrets) {
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

/** The secret values of a credential, to hand to {@link redactSecrets}. */
export function credentialSecrets(credential: ResolvedCredential | null | undefined): string[] {
  if (!credential) return [];
  switch (credential.method) {
    case 'api-key':
      return [credential.apiKey];
    case 'oauth':
    case 'client-credentials':
      return [credential.accessToken];
    case 'aws':
      return [credential.secretAccessKey, ...(credential.sessionToken ? [credential.sessionToken] : [])];
    case 'claude-code':
    case 'gemini-cli':
    case 'codex-cli':
      return [];
  }
}
