import type { AuthMethod, ProviderId } from '../ids.js';

/**
 * One stored credential (DESIGN §1): (provider, method, account) plus tokens or key,
 * expiry and metadata. Lives only inside a {@link SecretStore}; never logged.
 */
export interface StoredSession {
  provider: ProviderId;
  method: AuthMethod;
  /** Account identifier shown to people (email, client id, key hint). Not secret. */
  account?: string;
  /** OAuth access token or a client-credentials token. */
  accessToken?: string;
  refreshToken?: string;
  idToken?: string;
  /** API key for the `api-key` method. */
  apiKey?: string;
  /** Client secret for `client-credentials` sessions created from user input. */
  clientSecret?: string;
  clientId?: string;
  /**
   * The Google service-account key of a `service-account` session (from its JSON key file): the
   * private key signs the JWT-bearer assertions that get access tokens. Secret.
   */
  serviceAccount?: { clientEmail: string; privateKey: string; privateKeyId?: string; projectId?: string };
  /**
   * An `aws` session that holds no keys: each request asks the AWS SDK's credential chain (for
   * this profile, or the SDK's default one). Not secret.
   */
  awsChain?: { profile?: string; region?: string };
  /** AWS credentials for the `aws` method. */
  aws?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string; region?: string };
  /** Access-token expiry, epoch milliseconds. */
  expiresAt?: number;
  scope?: string;
  /** Non-secret facts: email, plan, ChatGPT account id, where it was imported from, … */
  metadata: {
    email?: string;
    plan?: string;
    accountId?: string;
    importedFrom?: string;
    [key: string]: string | undefined;
  };
  /** Epoch ms. */
  createdAt: number;
  /** Epoch ms; bumped on every refresh. */
  updatedAt: number;
  /**
   * The last refresh that failed without ending the session (server down, timeout, …), so
   * other callers and processes back off instead of each repeating it. Cleared by a refresh
   * that succeeds. `message` is a SwitchboardError message: it never holds a secret.
   */
  lastRefreshFailure?: { at: number; code: string; message: string };
}

/** The whole decrypted store document. */
export interface VaultDocument {
  /** 2 since sessions are keyed by name; a version 1 document is upgraded on read (see `parseVaultDocument`). */
  version: 2;
  /**
   * Every session, keyed `provider/name` (`openai/work`): several per provider — a subscription
   * beside an API key, a work and a personal account. The key is the only home of the name.
   */
  sessions: Record<string, StoredSession>;
  /** Other named secrets (e.g. the local gateway's bearer token). */
  secrets: Record<string, string>;
}

/** A new, empty document. */
export function emptyVaultDocument(): VaultDocument {
  return { version: 2, sessions: {}, secrets: {} };
}
