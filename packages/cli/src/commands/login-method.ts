import { SwitchboardError, type AuthMethod, type LoginOptions, type ProviderProfile } from '@switchboard/core/startup';

/** What `--method` accepts: the sign-in (OAuth) flows by name, then the other methods. */
export const LOGIN_METHOD_CHOICES = [
  'browser',
  'device',
  'paste',
  'api-key',
  'claude-code',
  'gemini-cli',
  'codex-cli',
  'client-credentials',
  'service-account',
  'adc',
  'aws',
] as const;
/** One `--method` value. */
export type LoginMethodChoice = (typeof LOGIN_METHOD_CHOICES)[number];

const OAUTH_FLOWS = ['browser', 'device', 'paste'] as const;

/** A `--method` value resolved for the AuthManager. */
export interface ResolvedLoginMethod {
  method: AuthMethod;
  flow?: NonNullable<LoginOptions['flow']>;
}

/**
 * Resolves `--method` (or the provider's default) to an AuthManager method and flow.
 * @throws SwitchboardError `UNSUPPORTED_METHOD` (exit 2) listing what the provider supports.
 */
export function resolveLoginMethod(
  profile: ProviderProfile & { defaultMethod?: AuthMethod },
  choice: LoginMethodChoice | undefined,
): ResolvedLoginMethod {
  if (choice === undefined) {
    const method = profile.defaultMethod ?? profile.methods[0];
    if (method === undefined)
      throw new SwitchboardError('UNSUPPORTED_METHOD', `${profile.name} has no login method configured.`, {
        provider: profile.id,
      });
    return method === 'oauth' ? { method, flow: 'browser' } : { method };
  }
  const isFlow = (OAUTH_FLOWS as readonly string[]).includes(choice);
  const method: AuthMethod = isFlow ? 'oauth' : (choice as AuthMethod);
  if (!profile.methods.includes(method)) {
    throw new SwitchboardError(
      'UNSUPPORTED_METHOD',
      `${profile.name} (${profile.id}) does not support --method ${choice}. Use one of: ${methodChoicesFor(profile).join(', ')}.`,
      { provider: profile.id },
    );
  }
  return isFlow ? { method, flow: choice as ResolvedLoginMethod['flow'] } : { method };
}

/** The `--method` values a provider accepts, in its order of preference. */
export function methodChoicesFor(profile: ProviderProfile): LoginMethodChoice[] {
  return profile.methods.flatMap((method): LoginMethodChoice[] => (method === 'oauth' ? [...OAUTH_FLOWS] : [method]));
}
