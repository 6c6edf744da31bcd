import type { StoredSession } from '../vault/session.js';
import type { ProviderId } from '../ids.js';
import type { ResolvedCredential } from './types.js';
import type { GoogleTokenSource } from './google-token-source.js';
import type { AwsCredentialChain } from './aws-credential-chain.js';

/** What turning a stored session into a credential may need: ADC and the AWS chain ask outside. */
export interface CredentialSources {
  googleTokens: GoogleTokenSource;
  awsChain: AwsCredentialChain;
}

/**
 * The credential a stored (already refreshed) session puts on a request, or undefined when the
 * session holds nothing usable (then the caller asks for a login).
 */
export async function credentialFromSession(
  provider: ProviderId,
  name: string,
  session: StoredSession,
  sources: CredentialSources,
  forceRefresh: boolean,
): Promise<ResolvedCredential | undefined> {
  switch (session.method) {
    case 'api-key':
      if (!session.apiKey) return undefined;
      return { provider, method: 'api-key', apiKey: session.apiKey, source: 'session', session: name };
    case 'oauth':
    case 'client-credentials':
    case 'service-account':
      if (!session.accessToken) return undefined;
      return {
        provider,
        method: session.method,
        accessToken: session.accessToken,
        session: name,
        ...(session.expiresAt !== undefined ? { expiresAt: session.expiresAt } : {}),
        ...(session.metadata.accountId ? { accountId: session.metadata.accountId } : {}),
        ...(session.serviceAccount?.projectId ? { projectId: session.serviceAccount.projectId } : {}),
      };
    case 'adc': {
      const token = await sources.googleTokens.adcToken({ force: forceRefresh });
      return {
        provider,
        method: 'adc',
        accessToken: token.accessToken,
        session: name,
        ...(token.expiresAt !== undefined ? { expiresAt: token.expiresAt } : {}),
        ...(token.projectId ? { projectId: token.projectId } : {}),
      };
    }
    case 'claude-code':
    case 'gemini-cli':
    case 'codex-cli':
      return { provider, method: session.method, session: name };
    case 'aws': {
      if (session.aws) return { provider, method: 'aws', ...session.aws, session: name };
      const chain = session.awsChain;
      if (!chain) return undefined;
      const resolved = await sources.awsChain.resolve(chain.profile, { force: forceRefresh });
      return {
        provider,
        method: 'aws',
        accessKeyId: resolved.accessKeyId,
        secretAccessKey: resolved.secretAccessKey,
        session: name,
        ...(resolved.sessionToken ? { sessionToken: resolved.sessionToken } : {}),
        ...(chain.region ? { region: chain.region } : {}),
      };
    }
  }
}
