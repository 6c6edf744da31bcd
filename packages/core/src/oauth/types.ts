/**
 * Shapes shared by the OAuth flows. Protocol field names (`refresh_token`, …) stay inside
 * oauth/; everything here is already mapped to camelCase.
 */

/** Tokens a flow produced. */
export interface TokenSet {
  accessToken: string;
  refreshToken?: string;
  idToken?: string;
  /** Epoch ms. */
  expiresAt?: number;
  scope?: string;
  tokenType?: string;
  /** Validated id_token claims, when there was one. */
  claims?: Record<string, unknown>;
}

/** Progress a login flow reports, so a CLI, TUI or script can show it. */
export type LoginEvent =
  | { type: 'open_url'; url: string; redirectUri: string }
  | { type: 'paste_prompt'; url: string; redirectUri: string }
  | {
      type: 'device_code';
      verificationUri: string;
      verificationUriComplete?: string;
      userCode: string;
      expiresAt: number;
      intervalSeconds: number;
    }
  | { type: 'waiting'; message: string }
  | { type: 'browser_failed'; url: string };
