import { apiKeyLabel, type ProviderId, type ProviderProfile, type ProviderStatus } from '@switchboard/core';
import { methodChoicesFor, resolveLoginMethod, type LoginMethodChoice } from '../commands/login-method.js';
import type { Choice, FormField } from './chat-state.js';

const METHOD_LABELS: Readonly<Record<LoginMethodChoice, string>> = {
  browser: 'Sign in with your browser',
  device: 'Sign in on another device (with a code)',
  paste: 'Sign in, then paste the address you land on (over SSH)',
  'api-key': 'Paste an API key',
  'claude-code': 'Use your logged-in claude CLI (Claude Code)',
  'gemini-cli': 'Use your signed-in gemini CLI (Gemini CLI)',
  'codex-cli': 'Use your signed-in codex CLI (Codex)',
  'client-credentials': 'Client credentials (client id and secret)',
  'service-account': 'A service-account JSON key file',
  adc: 'Application Default Credentials (gcloud, GOOGLE_APPLICATION_CREDENTIALS, metadata server)',
  aws: 'Your AWS credentials (profiles, SSO, roles, environment)',
};

/** `/login` without a provider: every provider, ChatGPT first and preselected. */
export function providerChoices(statuses: readonly ProviderStatus[]): Choice[] {
  return statuses.map((status) => ({
    value: status.provider,
    label: `${status.name} (${status.provider})`,
    detail: status.loggedIn ? '✅ logged in' : 'not logged in',
  }));
}

/** The ways to log in to a provider, for the method picker. */
export function methodChoices(profile: ProviderProfile): Choice[] {
  return methodChoicesFor(profile).map((choice) => ({ value: choice, label: METHOD_LABELS[choice] }));
}

/**
 * The method preselected: the provider's default, except that without a browser here a sign-in
 * starts as the device flow — or the paste flow for Google, whose installed-app clients have no
 * device flow.
 */
export function preferredMethod(
  profile: ProviderProfile & { defaultMethod?: ProviderProfile['methods'][number] },
  canOpenBrowser: boolean,
): LoginMethodChoice {
  const resolved = resolveLoginMethod(profile, undefined);
  if (resolved.method !== 'oauth') return resolved.method as LoginMethodChoice;
  if (canOpenBrowser) return 'browser';
  return profile.id === 'google' ? 'paste' : 'device';
}

/** What a person types for a method (secrets masked); empty when the method needs nothing typed. */
export function credentialFields(profile: ProviderProfile, choice: LoginMethodChoice): FormField[] {
  switch (choice) {
    case 'api-key':
      return [
        {
          name: 'apiKey',
          label: `${apiKeyLabel(profile)}${profile.apiKeyUrl ? ` (create one at ${profile.apiKeyUrl})` : ''}`,
          secret: true,
        },
      ];
    case 'client-credentials':
      return [
        ...(profile.oauth?.clientId ? [] : [{ name: 'clientId', label: 'Client id', secret: false }]),
        ...(profile.oauth?.clientSecret ? [] : [{ name: 'clientSecret', label: 'Client secret', secret: true }]),
      ];
    case 'service-account':
      return [{ name: 'keyFile', label: 'Path of the JSON key file', secret: false }];
    // `aws` asks nothing: the AWS SDK's credential chain serves, as `sb auth login bedrock
    // --method aws` does (keys can still be piped there with --with-api-key).
    default:
      return [];
  }
}

/** Providers a person can name after `--provider=`: ids and the aliases people use. */
export function providerNamesForCompletion(providers: readonly ProviderId[]): string[] {
  return [...new Set([...providers, 'chatgpt', 'claude', 'gemini'])].sort();
}
