import { SwitchboardError } from '../errors.js';
import type { ProviderCallContext } from './adapter-context.js';

/**
 * `validateCredential` for providers whose upstreams have no cheap authenticated listing the
 * runtime can call without a model (Azure deployments, Vertex, Bedrock): the credential must be
 * of an accepted method, complete, and not expired. Reachability is left to the runtime's
 * health probe, which sends a real request for a real route.
 */
export function checkCredentialOffline(
  context: ProviderCallContext,
  provider: string,
  methods: readonly string[],
  now: () => number = Date.now,
): { valid: boolean; error?: SwitchboardError } {
  const credential = context.credential;
  const refuse = (message: string, code: 'LOGIN_REQUIRED' | 'SESSION_EXPIRED' = 'LOGIN_REQUIRED') => ({
    valid: false,
    error: new SwitchboardError(code, message, { provider, hint: `sb auth login ${provider}` }),
  });
  if (!credential || !methods.includes(credential.method))
    return refuse(`No usable ${provider} credential (${methods.join(' or ')}).`);
  switch (credential.method) {
    case 'api-key':
      return credential.apiKey.trim() === '' ? refuse(`The ${provider} API key is empty.`) : { valid: true };
    case 'oauth':
    case 'client-credentials':
    case 'service-account':
    case 'adc':
      if (credential.accessToken.trim() === '') return refuse(`The ${provider} access token is empty.`);
      if (credential.expiresAt !== undefined && credential.expiresAt <= now())
        return refuse(`The ${provider} access token has expired.`, 'SESSION_EXPIRED');
      return { valid: true };
    case 'aws':
      return credential.accessKeyId.trim() === '' || credential.secretAccessKey.trim() === ''
        ? refuse('The AWS access key id or secret access key is empty.')
        : { valid: true };
    case 'claude-code':
    case 'gemini-cli':
    case 'codex-cli':
      return { valid: true };
  }
}
