import type { ResolvedCredential } from '../auth/types.js';

export { redactSecrets } from '../internal/redact-secrets.js';

/** The secret values of a credential, to hand to {@link redactSecrets}. */
export function credentialSecrets(credential: ResolvedCredential | null | undefined): string[] {
  if (!credential) return [];
  switch (credential.method) {
    case 'api-key':
      return [credential.apiKey];
    case 'oauth':
    case 'client-credentials':
    case 'service-account':
    case 'adc':
      return [credential.accessToken];
    case 'aws':
      return [credential.secretAccessKey, ...(credential.sessionToken ? [credential.sessionToken] : [])];
    case 'claude-code':
    case 'gemini-cli':
    case 'codex-cli':
      return [];
  }
}
