/** Options of {@link startChatGptAuthServer}; every one is optional. */
export interface ChatGptAuthServerOptions {
  /** The public client id the server knows. Default: the Codex CLI's, `app_EMoamEEZ73f0CkXaXp7hrann`. */
  clientId?: string;
  /**
   * Ports of the exact redirect allow-list `http://localhost:<port>/auth/callback`. Default
   * [1455, 1457], the real list. Tests pass free ports of their own: the rule stays exact.
   */
  redirectPorts?: number[];
  /** Lifetime of access and id tokens in seconds. Default 3600. */
  accessTokenTtlSeconds?: number;
  /** Lifetime of a refresh token in seconds (then `refresh_token_expired`). Default 30 days. */
  refreshTokenTtlSeconds?: number;
  /** Device polling interval the user-code answer advertises (sent as a string, as the real one). Default 1. */
  deviceIntervalSeconds?: number;
  /** Plan claimed for every account (`chatgpt_plan_type`). Default 'plus'. */
  plan?: string;
}

/** A fault injected at the token endpoint. */
export type ChatGptAuthFault = 'none' | 'token-500' | 'token-hang';

/** One request the server refused, for assertions: which rule and where. */
export interface RefusedRequest {
  endpoint: string;
  rule: string;
}

/** A running fake of auth.openai.com (ChatGPT sign-in as the Codex CLI uses it). */
export interface ChatGptAuthServer {
  /** e.g. `http://127.0.0.1:41234` (no trailing slash); every endpoint is under it. */
  issuer: string;
  port: number;
  clientId: string;
  /** The exact redirect URIs the server accepts for the browser flow. */
  redirectUris: string[];
  /** Query parameters of every authorization request the server saw (accepted or not). */
  authorizationRequests(): URLSearchParams[];
  /** Requests refused, with the rule that refused them. */
  refused(): RefusedRequest[];
  /** Successful token responses per grant; device sign-ins count as `authorization_code` too. */
  grantsServed(): { authorization_code: number; refresh_token: number; device: number };
  /** Every secret the server handed out (codes, verifiers, device ids, tokens), for leak checks. */
  issuedSecrets(): string[];
  /** True while the access or refresh token belongs to a live grant and has not expired. */
  isTokenActive(token: string): boolean;
  /** Approves a pending device code as the user `login` would on `{issuer}/codex/device`. */
  approveDevice(userCode: string, login?: string): void;
  /** Makes every refresh token issued so far expire (`refresh_token_expired` on next use). */
  expireRefreshTokens(): void;
  /** Ends every grant as a sign-out elsewhere would (`refresh_token_invalidated`). */
  invalidateAllGrants(): void;
  setFault(fault: ChatGptAuthFault): void;
  close(): Promise<void>;
}
