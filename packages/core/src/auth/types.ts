import type { AuthMethod, CliBridgeMethod, ProviderId } from '../ids.js';
import type { LoginEvent } from '../oauth/types.js';

/** How a login is started (`sb auth login`, `/login`). */
export interface LoginOptions {
  /** Default: the provider's preferred method. */
  method?: AuthMethod;
  /** For OAuth: `browser` (loopback), `device` or `paste`. Default `browser`. */
  flow?: 'browser' | 'device' | 'paste';
  /** Do not try to open a browser; only report the URL. */
  noBrowser?: boolean;
  /** For `api-key`: the key (from stdin or a prompt; never argv). */
  apiKey?: string;
  /** For `client-credentials` when not configured: client id and secret. */
  clientId?: string;
  clientSecret?: string;
  /** For `service-account`: the JSON key file's text (read from `--key-file`; never argv). */
  serviceAccountKey?: string;
  /** For `aws` without keys: the AWS profile whose credential chain serves requests. */
  awsProfile?: string;
  /** For `aws`. */
  aws?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string; region?: string };
  /**
   * The new session's short name (`work`); default: from the email or key hint. A login adds a
   * session beside the provider's others; it replaces one only for the same account or name.
   */
  name?: string;
  /**
   * Asked before a login replaces a stored session (the same account signed in again, or the
   * name already taken by another account). Without it, the same account is replaced and a
   * taken name is refused.
   */
  confirmReplace?: (question: ReplaceQuestion) => Promise<boolean>;
  /** Progress events (URL to open, device code, …). */
  onEvent?: (event: LoginEvent) => void;
  /** Opens a URL in the user's browser; resolves false when it could not. */
  openUrl?: (url: string) => Promise<boolean>;
  /** Reads one line from the user (paste-code flow). */
  readInput?: (prompt: string) => Promise<string>;
  signal?: AbortSignal;
  /** Give up waiting for the user after this long, default 5 minutes. */
  timeoutMs?: number;
}

/** What a login asks before it replaces a stored session. */
export interface ReplaceQuestion {
  /** The stored session that would be replaced (`openai/work`). */
  ref: string;
  /** `same-account`: the account is signed in again; `name-taken`: another account holds the name. */
  reason: 'same-account' | 'name-taken';
  /** The stored session's account, and the new one's. */
  storedAccount: string | null;
  newAccount: string | null;
}

/** One stored session as `status` reports it (no secret). */
export interface SessionStatus {
  /** `openai/work`: how commands name it. */
  ref: string;
  /** `work`. */
  name: string;
  method: AuthMethod;
  account: string | null;
  plan: string | null;
  /** ISO 8601, or null when the credential does not expire. */
  expiresAt: string | null;
  refreshable: boolean;
  /** The provider's active session: the one that serves when nothing more specific is pinned. */
  active: boolean;
}

/** What `status` reports per provider; the `--json` contract of `sb auth status`. */
export interface ProviderStatus {
  provider: ProviderId;
  name: string;
  loggedIn: boolean;
  method: AuthMethod | null;
  account: string | null;
  plan: string | null;
  /** ISO 8601, or null when the credential does not expire. */
  expiresAt: string | null;
  refreshable: boolean;
  active: boolean;
  /** The name of the session the fields above describe (the provider's active one), or null. */
  session: string | null;
  /** Every stored session of the provider, by name. */
  sessions: SessionStatus[];
}

/** A credential ready to put on a request; `session` names the stored session it came from. */
export type ResolvedCredential = ResolvedCredentialOf & { session?: string };

/** {@link ResolvedCredential} by method. */
export type ResolvedCredentialOf =
  | { provider: ProviderId; method: 'api-key'; apiKey: string; source: 'session' | 'environment' }
  | {
      provider: ProviderId;
      method: 'oauth' | 'client-credentials' | 'service-account' | 'adc';
      accessToken: string;
      expiresAt?: number;
      accountId?: string;
      /** The Google Cloud project a service-account key or ADC names (Vertex's default project). */
      projectId?: string;
    }
  /** A CLI bridge: the vendor's own CLI holds the login; there is no token here. */
  | { provider: ProviderId; method: CliBridgeMethod }
  | {
      provider: ProviderId;
      method: 'aws';
      accessKeyId: string;
      secretAccessKey: string;
      sessionToken?: string;
      region?: string;
    };

/** Events an AuthManager emits. */
export type AuthEvent =
  | { type: 'login-started'; provider: ProviderId; method: AuthMethod }
  | { type: 'login'; provider: ProviderId; method: AuthMethod; session?: string }
  | { type: 'login-failed'; provider: ProviderId; method: AuthMethod; code: string }
  | { type: 'logout'; provider: ProviderId; revoked: boolean; session?: string }
  /** `adopted`: another process (or the CLI a session was imported from) had already refreshed it. */
  | { type: 'refresh'; provider: ProviderId; session?: string; outcome?: 'refreshed' | 'adopted' }
  /** `kept`: the old token is still valid and keeps serving. */
  | { type: 'refresh-failed'; provider: ProviderId; session?: string; code: string; kept: boolean }
  | { type: 'expired'; provider: ProviderId; session?: string; command: string }
  | { type: 'switch'; provider: ProviderId; session?: string; from?: ProviderId | null; latencyMs?: number }
  | { type: 'switch-failed'; provider: ProviderId; from?: ProviderId | null; code: string; latencyMs: number };
