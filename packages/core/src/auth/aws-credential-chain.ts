import type { Agent } from 'node:https';
import { SwitchboardError } from '../errors.js';

/** Credentials the AWS chain resolved (temporary ones carry a session token and an expiry). */
export interface AwsChainCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  /** Epoch ms. */
  expiresAt?: number;
}

/** The AWS SDK's default credential chain, one memoized provider per profile. */
export interface AwsCredentialChain {
  /**
   * Credentials for `profile` (undefined: `AWS_PROFILE` or `default`, as the SDK decides), in the
   * SDK's order: environment variables, SSO token cache, web identity, shared config and
   * credentials files (assume-role, `credential_process`), ECS and EC2 metadata. `force` drops
   * the cached ones (after the upstream refused them).
   */
  resolve(profile: string | undefined, options?: { force?: boolean }): Promise<AwsChainCredentials>;
}

/** Options of {@link createAwsCredentialChain}. */
export interface AwsCredentialChainOptions {
  /** The network's agent (proxy, CA) for the SDK's own calls to SSO and STS. */
  httpsAgent?: () => Promise<Agent>;
}

type Provider = () => Promise<{
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}>;

/**
 * Resolves AWS credentials through the SDK's own providers (`@aws-sdk/credential-provider-node`),
 * so profiles, SSO, assume-role chains and instance roles work exactly as in the AWS CLI. The
 * SDK is imported on first use: it would cost every other command's startup.
 */
export function createAwsCredentialChain(options: AwsCredentialChainOptions = {}): AwsCredentialChain {
  const providers = new Map<string, Promise<Provider>>();

  async function providerFor(profile: string | undefined): Promise<Provider> {
    const [{ defaultProvider }, { NodeHttpHandler }] = await Promise.all([
      import('@aws-sdk/credential-provider-node'),
      import('@smithy/node-http-handler'),
    ]);
    const httpsAgent = options.httpsAgent ? await options.httpsAgent() : undefined;
    // SSO's GetRoleCredentials and STS AssumeRole go through Switchboard's proxy and CA; the
    // instance metadata services (link-local) never do.
    const clientConfig = httpsAgent ? { requestHandler: new NodeHttpHandler({ httpsAgent }) } : {};
    return defaultProvider({ ...(profile ? { profile } : {}), clientConfig }) as Provider;
  }

  return {
    async resolve(profile, { force = false } = {}) {
      const key = profile ?? '';
      if (force) providers.delete(key);
      let pending = providers.get(key);
      if (!pending) {
        pending = providerFor(profile);
        providers.set(key, pending);
      }
      try {
        const credentials = await (await pending)();
        return {
          accessKeyId: credentials.accessKeyId,
          secretAccessKey: credentials.secretAccessKey,
          ...(credentials.sessionToken ? { sessionToken: credentials.sessionToken } : {}),
          ...(credentials.expiration ? { expiresAt: credentials.expiration.getTime() } : {}),
        };
      } catch (error) {
        // A failed lookup is not cached: the person may fix it (`aws sso login`) and retry.
        providers.delete(key);
        throw awsChainError(error, profile);
      }
    },
  };
}

function awsChainError(error: unknown, profile: string | undefined): SwitchboardError {
  if (error instanceof SwitchboardError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const named = profile ? ` for profile "${profile}"` : '';
  const login = `aws sso login${profile ? ` --profile ${profile}` : ''}`;
  if (/SSO session .*expired|token .*expired|refresh/i.test(message)) {
    return new SwitchboardError('SESSION_EXPIRED', `Your AWS SSO session${named} has expired. Run \`${login}\`.`, {
      provider: 'bedrock',
      hint: login,
      isRetryable: false,
    });
  }
  const name = (error as { name?: string }).name ?? '';
  if (name === 'CredentialsProviderError' || /Could not load credentials|Profile .* not found/i.test(message)) {
    return new SwitchboardError('LOGIN_REQUIRED', `No AWS credentials found${named} (${message.split('\n')[0]}).`, {
      provider: 'bedrock',
      hint: 'Set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, run `aws configure` or `aws sso login --profile NAME`, or pass --profile (see docs/providers/bedrock.md).',
    });
  }
  return new SwitchboardError('NETWORK', `Could not get AWS credentials${named}: ${message.split('\n')[0]}`, {
    provider: 'bedrock',
    isRetryable: true,
    cause: error,
  });
}
