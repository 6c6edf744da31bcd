import type { ResolvedCredential } from '../auth/types.js';
import type { ProviderProfile } from '../catalog/provider-profiles.js';

/** The variables a credential becomes for `sb exec`, or why it cannot become any. */
export type CredentialVariables = { variables: Record<string, string> } | { skipped: string };

const PLACEHOLDER_HOST = /YOUR-RESOURCE/i;

/**
 * Maps a credential to the conventional environment variables a child program reads — only
 * where the program can use it as that variable. API keys go into the profile's key variables
 * (`OPENAI_API_KEY`; `ANTHROPIC_API_KEY` and `CLAUDE_API_KEY`; `GEMINI_API_KEY`,
 * `GOOGLE_API_KEY`; `MISTRAL_API_KEY`; `AZURE_OPENAI_API_KEY` plus `AZURE_OPENAI_ENDPOINT`),
 * AWS credentials into `AWS_*`, an organisation's Anthropic OAuth token into
 * `ANTHROPIC_AUTH_TOKEN` (a Bearer token by definition). Subscription sign-ins (ChatGPT, Google),
 * Entra / service-account tokens and Claude Code are not API keys: they are skipped, with why.
 */
export function credentialVariables(
  credential: ResolvedCredential,
  profile: Pick<ProviderProfile, 'id' | 'name' | 'apiKeyEnvironmentVariables' | 'apiBase' | 'settings'>,
): CredentialVariables {
  switch (credential.method) {
    case 'api-key': {
      if (profile.apiKeyEnvironmentVariables.length === 0)
        return { skipped: `${profile.name} has no conventional API key variable` };
      const variables: Record<string, string> = {};
      for (const name of profile.apiKeyEnvironmentVariables) variables[name] = credential.apiKey;
      if (profile.id === 'azure' && !PLACEHOLDER_HOST.test(profile.apiBase)) {
        variables['AZURE_OPENAI_ENDPOINT'] = profile.apiBase.replace(/\/openai\/?$/, '');
      }
      return { variables };
    }
    case 'aws': {
      const region = credential.region ?? profile.settings?.['region'];
      return {
        variables: {
          AWS_ACCESS_KEY_ID: credential.accessKeyId,
          AWS_SECRET_ACCESS_KEY: credential.secretAccessKey,
          ...(credential.sessionToken ? { AWS_SESSION_TOKEN: credential.sessionToken } : {}),
          ...(region ? { AWS_REGION: region } : {}),
        },
      };
    }
    case 'oauth':
      if (profile.id === 'anthropic') return { variables: { ANTHROPIC_AUTH_TOKEN: credential.accessToken } };
      return { skipped: `${profile.name} is signed in with a subscription token, which is not an API key` };
    case 'client-credentials':
    case 'service-account':
    case 'adc':
      return { skipped: `${profile.name} uses a short-lived OAuth access token, which is not an API key` };
    case 'claude-code':
    case 'gemini-cli':
    case 'codex-cli':
      return {
        skipped: `${profile.name} is served by your own ${credential.method} CLI login, which has no key to export`,
      };
  }
}
