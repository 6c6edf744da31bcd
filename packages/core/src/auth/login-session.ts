import { SwitchboardError } from '../errors.js';
import type { AuthMethod, CliBridgeMethod } from '../ids.js';
import { CLI_BRIDGE_TOOLS } from './cli-bridge-tools.js';
import { apiKeyLabel, type ProviderProfile, type OAuthProfile } from '../catalog/provider-profiles.js';
import type { StoredSession } from '../vault/session.js';
import type { TokenSet } from '../oauth/types.js';
import { requestClientCredentialsToken } from '../oauth/client-credentials.js';
import { accountFactsFromClaims } from '../oauth/account-facts.js';
import type { AuthManagerOptions } from './auth-manager-types.js';
import type { LoginOptions } from './types.js';
import { apiKeyProblem } from './api-key-problem.js';
import { apiKeyHint } from './session-status.js';
import { providerCommandName } from './login-command.js';
import { providerGuide } from './provider-guide.js';
import type { GoogleTokenSource } from './google-token-source.js';
import type { AwsCredentialChain } from './aws-credential-chain.js';
import { parseServiceAccountKey } from './parse-service-account-key.js';

/** Everything a login needs besides the user's options. */
export interface LoginContext {
  fetch: typeof fetch;
  /** Google's own library, for `service-account` and `adc` sign-ins. */
  googleTokens: GoogleTokenSource;
  /** The AWS SDK's credential chain, for `aws` sign-ins without keys. */
  awsChain: AwsCredentialChain;
  now: () => number;
  detectCliBridge: NonNullable<AuthManagerOptions['detectCliBridge']>;
}

/** Picks the method: the explicit one (validated), the configured default, or the profile's first. */
export function chooseMethod(
  profile: ProviderProfile & { defaultMethod?: AuthMethod },
  options: LoginOptions,
): AuthMethod {
  const method =
    options.method ?? (options.apiKey ? 'api-key' : undefined) ?? profile.defaultMethod ?? profile.methods[0];
  if (!method || !profile.methods.includes(method)) {
    throw new SwitchboardError(
      'UNSUPPORTED_METHOD',
      `${profile.name} does not support the "${method}" login method. Use one of: ${profile.methods.join(', ')}.`,
      { provider: profile.id },
    );
  }
  return method;
}

/** Runs the login for `method` and returns the session to store (not yet stored). */
export async function createLoginSession(
  profile: ProviderProfile,
  method: AuthMethod,
  options: LoginOptions,
  context: LoginContext,
): Promise<StoredSession> {
  const now = context.now();
  const base = {
    provider: profile.id,
    method,
    metadata: {},
    createdAt: now,
    updatedAt: now,
  } satisfies Partial<StoredSession>;
  switch (method) {
    case 'api-key': {
      const apiKey = options.apiKey?.trim();
      if (!apiKey) {
        throw new SwitchboardError(
          'INVALID_INPUT',
          `No ${apiKeyLabel(profile)} given. Pipe it on stdin: \`printf %s "$KEY" | sb auth login ${providerCommandName(profile.id)} --with-api-key\`${profile.apiKeyUrl ? ` (create one at ${profile.apiKeyUrl})` : ''}.`,
          { provider: profile.id },
        );
      }
      if (profile.id === 'bedrock' && /^(?:AKIA|ASIA)[A-Z0-9]{12,}:/.test(apiKey)) {
        throw new SwitchboardError(
          'INVALID_INPUT',
          'That is an AWS access key pair, not a Bedrock API key: pipe it to `sb auth login bedrock --method aws --with-api-key` (see docs/providers/bedrock.md).',
          { provider: profile.id },
        );
      }
      const problem = apiKeyProblem(apiKey);
      if (problem)
        throw new SwitchboardError('INVALID_INPUT', `That ${apiKeyLabel(profile)} ${problem}; paste the key alone.`, {
          provider: profile.id,
        });
      return { ...base, apiKey, account: apiKeyHint(apiKey) };
    }
    case 'oauth': {
      const refusal = options.flow === 'device' ? profile.oauth?.deviceFlowRefusal : undefined;
      if (refusal) {
        throw new SwitchboardError('UNSUPPORTED_METHOD', refusal, {
          provider: profile.id,
          hint: providerGuide(profile.id, 'sign-in-without-a-browser') ?? `sb auth login ${profile.id} --method paste`,
        });
      }
      const oauth = requireOAuthProfile(profile, true);
      const tokens = await withGuide(profile.id, () => runOAuthFlow(profile.id, oauth, options, context));
      return sessionFromTokens(base, tokens);
    }
    case 'client-credentials': {
      const oauth = requireOAuthProfile(profile, false);
      const clientId = options.clientId ?? oauth.clientId;
      const clientSecret = options.clientSecret ?? oauth.clientSecret;
      if (!clientId || !clientSecret) {
        throw new SwitchboardError(
          'INVALID_CONFIG',
          `${profile.name} client credentials need a client id and secret: set client_id under [providers.${profile.id}.oauth] and pipe the secret with \`sb auth login ${profile.id} --method client-credentials --with-api-key\`.`,
          { provider: profile.id },
        );
      }
      const tokens = await requestClientCredentialsToken({
        profile: { ...oauth, clientId, clientSecret },
        fetch: context.fetch,
        now: context.now,
      });
      return {
        ...sessionFromTokens(base, tokens),
        clientId,
        ...(options.clientSecret ? { clientSecret: options.clientSecret } : {}),
        account: clientId,
      };
    }
    case 'service-account': {
      if (!options.serviceAccountKey) {
        throw new SwitchboardError(
          'INVALID_INPUT',
          `${profile.name} service-account sign-in needs the key file: \`sb auth login ${profile.id} --method service-account --key-file key.json\`.`,
          { provider: profile.id, hint: 'See docs/providers/vertex.md#service-account-key-file.' },
        );
      }
      const key = parseServiceAccountKey(options.serviceAccountKey);
      // Signing in proves the key works: Google issues a token or says why not.
      const token = await context.googleTokens.serviceAccountToken(key);
      return {
        ...base,
        accessToken: token.accessToken,
        ...(token.expiresAt === undefined ? {} : { expiresAt: token.expiresAt }),
        serviceAccount: key,
        account: key.clientEmail,
        metadata: { email: key.clientEmail, ...(key.projectId ? { projectId: key.projectId } : {}) },
      };
    }
    case 'adc': {
      // Nothing secret is stored: every request asks the ADC chain, which renews its own tokens.
      const token = await context.googleTokens.adcToken({ force: true });
      return {
        ...base,
        account: token.account,
        metadata: { adcSource: token.source, ...(token.projectId ? { projectId: token.projectId } : {}) },
      };
    }
    case 'aws': {
      const aws = options.aws;
      if (!aws) {
        // No keys given: the AWS SDK's chain serves every request (profiles, SSO, roles, env).
        // Resolving now proves there are credentials, and says how to get some if not.
        const found = await context.awsChain.resolve(options.awsProfile);
        const region = profile.settings?.['region'];
        return {
          ...base,
          awsChain: { ...(options.awsProfile ? { profile: options.awsProfile } : {}), ...(region ? { region } : {}) },
          account: options.awsProfile ? `profile ${options.awsProfile}` : `AWS credential chain (${found.accessKeyId})`,
          metadata: { ...(options.awsProfile ? { awsProfile: options.awsProfile } : {}) },
        };
      }
      if (!aws.accessKeyId || !aws.secretAccessKey) {
        throw new SwitchboardError(
          'INVALID_INPUT',
          `${profile.name} needs AWS credentials: pipe "ACCESS_KEY_ID:SECRET_ACCESS_KEY[:SESSION_TOKEN]" to \`sb auth login bedrock --method aws --with-api-key\`, or leave out --with-api-key to use the AWS credential chain.`,
          { provider: profile.id },
        );
      }
      return { ...base, aws: { ...aws, region: aws.region ?? profile.settings?.region }, account: aws.accessKeyId };
    }
    case 'claude-code':
    case 'gemini-cli':
    case 'codex-cli':
      return { ...base, ...(await bridgeSession(method, context)) };
  }
}

/**
 * A CLI bridge session holds no token: it records that the user's own CLI is installed and
 * signed in (checked now, by the CLI's own status), and who is signed in.
 */
async function bridgeSession(
  method: CliBridgeMethod,
  context: LoginContext,
): Promise<Pick<StoredSession, 'account' | 'metadata'>> {
  const tool = CLI_BRIDGE_TOOLS[method];
  const state = await context.detectCliBridge(method);
  if (!state.installed) {
    throw new SwitchboardError(
      'LOGIN_REQUIRED',
      `${tool.name} (\`${state.command}\`) is not installed. Install it (${tool.installHint}), sign it in with \`${tool.loginCommand}\`, then run this again.`,
      { provider: tool.provider, hint: `${tool.installHint} (see ${tool.guide})` },
    );
  }
  if (!state.signedIn) {
    throw new SwitchboardError(
      'LOGIN_REQUIRED',
      `${tool.name} is installed but not signed in to a subscription (${state.evidence}). Run \`${tool.loginCommand}\` and sign in, then run this again.`,
      { provider: tool.provider, hint: `${tool.loginCommand} (see ${tool.guide})` },
    );
  }
  return {
    account: state.account ?? tool.name,
    metadata: {
      bridgeVersion: state.version ?? 'unknown',
      ...(state.account ? { email: state.account } : {}),
      ...(state.plan ? { plan: state.plan } : {}),
    },
  };
}

function requireOAuthProfile(profile: ProviderProfile, needsClientId: boolean): OAuthProfile {
  const oauth = profile.oauth;
  if (!oauth || (!oauth.issuer && !oauth.tokenEndpoint)) {
    throw new SwitchboardError(
      'INVALID_CONFIG',
      `${profile.name} has no OAuth issuer configured. Set issuer (or the endpoints) under [providers.${profile.id}.oauth] in config.toml.`,
      { provider: profile.id },
    );
  }
  if (needsClientId && !oauth.clientId) {
    throw new SwitchboardError(
      'INVALID_CONFIG',
      `${profile.name} sign-in needs an OAuth client id. Set client_id under [providers.${profile.id}.oauth] in config.toml (your own registered client).`,
      { provider: profile.id },
    );
  }
  return oauth;
}

async function runOAuthFlow(
  provider: ProviderProfile['id'],
  oauth: OAuthProfile,
  options: LoginOptions,
  context: LoginContext,
): Promise<TokenSet> {
  const common = {
    profile: oauth,
    provider,
    fetch: context.fetch,
    now: context.now,
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    timeoutMs: options.timeoutMs ?? 5 * 60_000,
  };
  // The flows are loaded when a login starts: the browser flow's HTTP listener alone costs
  // every other command (`sb auth status`, …) tens of milliseconds of startup.
  switch (options.flow ?? 'browser') {
    case 'device': {
      if (oauth.deviceProtocol === 'openai-codex') {
        const { loginWithCodexDevice } = await import('../oauth/login-with-codex-device.js');
        return loginWithCodexDevice(common);
      }
      const { loginWithDeviceCode } = await import('../oauth/login-with-device-code.js');
      return loginWithDeviceCode(common);
    }
    case 'paste': {
      const readInput = options.readInput;
      if (!readInput) throw new SwitchboardError('INVALID_INPUT', 'The paste flow needs a way to read the pasted URL.');
      const { loginWithPasteCode } = await import('../oauth/login-with-paste-code.js');
      return loginWithPasteCode({ ...common, readInput });
    }
    case 'browser': {
      const { loginWithBrowser } = await import('../oauth/login-with-browser.js');
      return loginWithBrowser({
        ...common,
        openUrl: options.noBrowser ? async () => false : (options.openUrl ?? (async () => false)),
      });
    }
  }
}

/** Sign-in failures a person fixes by reading the provider's guide (not a cancel). */
const GUIDED_CODES: ReadonlySet<string> = new Set([
  'OAUTH_FAILED',
  'OAUTH_STATE_MISMATCH',
  'TIMEOUT',
  'UNSUPPORTED_METHOD',
  'SESSION_EXPIRED',
]);

/** Runs a sign-in; a failure the provider's guide explains points to its troubleshooting section. */
async function withGuide<T>(provider: ProviderProfile['id'], run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    const guide = providerGuide(provider, 'troubleshooting');
    if (!guide || !(error instanceof SwitchboardError) || !GUIDED_CODES.has(error.code)) throw error;
    throw new SwitchboardError(error.code, `${error.message} Help: ${guide}`, {
      isRetryable: error.isRetryable,
      ...(error.status === undefined ? {} : { status: error.status }),
      ...(error.provider === undefined ? {} : { provider: error.provider }),
      ...(error.hint === undefined ? {} : { hint: error.hint }),
      cause: error,
    });
  }
}

function sessionFromTokens(base: Omit<StoredSession, 'accessToken'>, tokens: TokenSet): StoredSession {
  const facts = accountFactsFromClaims(tokens.claims);
  return {
    ...base,
    accessToken: tokens.accessToken,
    ...(tokens.refreshToken ? { refreshToken: tokens.refreshToken } : {}),
    ...(tokens.idToken ? { idToken: tokens.idToken } : {}),
    ...(tokens.expiresAt !== undefined ? { expiresAt: tokens.expiresAt } : {}),
    ...(tokens.scope ? { scope: tokens.scope } : {}),
    ...(facts.email ? { account: facts.email } : {}),
    metadata: {
      ...base.metadata,
      ...(facts.email ? { email: facts.email } : {}),
      ...(facts.plan ? { plan: facts.plan } : {}),
      ...(facts.accountId ? { accountId: facts.accountId } : {}),
    },
  };
}
