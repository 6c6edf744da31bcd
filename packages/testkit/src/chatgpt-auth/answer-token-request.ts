import { s256 } from './chatgpt-grants.js';
import { issueTokens, type TokenIssuer } from './issue-chatgpt-tokens.js';

/** An HTTP answer: status and JSON body. */
export interface JsonAnswer {
  status: number;
  body: Record<string, unknown>;
  /** The rule that refused the request, when it was refused. */
  rule?: string;
}

/** What the token endpoint needs besides the issuer. */
export interface TokenEndpointContext extends TokenIssuer {
  counters: { authorization_code: number; refresh_token: number };
}

const CODE_LIFETIME_NOTE = 'authorization codes are single use';

/** RFC 6749 §5.2 error (code exchange errors have the standard shape). */
function oauthError(error: string, description: string, rule: string, status = 400): JsonAnswer {
  return { status, body: { error, error_description: description }, rule };
}

/**
 * A refresh failure as auth.openai.com sends it: HTTP 401 with an error *object*
 * `{"error":{"message","type":"invalid_request_error","code":…}}` (the codes the Codex CLI
 * classifies in codex-rs/login/src/auth/manager.rs `classify_refresh_token_failure`).
 */
function refreshError(code: string, message: string): JsonAnswer {
  return {
    status: 401,
    body: { error: { message, type: 'invalid_request_error', param: null, code } },
    rule: code,
  };
}

/** `POST /oauth/token`: the authorization_code and refresh_token grants. */
export function answerTokenRequest(parameters: Record<string, string>, context: TokenEndpointContext): JsonAnswer {
  if (parameters.client_id !== context.clientId) return oauthError('invalid_client', 'Unknown client.', 'client_id');
  if (parameters.grant_type === 'authorization_code') return exchangeCode(parameters, context);
  if (parameters.grant_type === 'refresh_token') return refresh(parameters, context);
  return oauthError('unsupported_grant_type', 'The grant type is not supported.', 'grant_type');
}

function exchangeCode(parameters: Record<string, string>, context: TokenEndpointContext): JsonAnswer {
  const code = context.store.code(parameters.code ?? '');
  if (!code || code.expiresAt <= context.now()) {
    return oauthError('invalid_grant', 'The authorization code is invalid or expired.', 'code');
  }
  if (code.used) {
    // A code used twice ends what it granted (RFC 6749 §4.1.2; fosite revokes the tokens).
    context.store.end(code.grant, 'refresh_token_invalidated');
    return oauthError('invalid_grant', 'The authorization code has already been used.', CODE_LIFETIME_NOTE);
  }
  // The code is bound to the redirect_uri of its request: the browser flow's localhost one,
  // or `{issuer}/deviceauth/callback` for a device code (codex-rs/login/src/device_code_auth.rs).
  if (parameters.redirect_uri !== code.redirectUri) {
    return oauthError(
      'invalid_grant',
      'The redirect_uri does not match the one of the authorization request.',
      'redirect_uri must match the authorization request',
    );
  }
  // PKCE S256 (codex-rs/login/src/pkce.rs): BASE64URL(SHA256(verifier)) must be the challenge.
  const verifier = parameters.code_verifier ?? '';
  if (!/^[A-Za-z0-9._~-]{43,128}$/.test(verifier) || s256(verifier) !== code.codeChallenge) {
    return oauthError('invalid_grant', 'The PKCE code_verifier does not match the code_challenge.', 'PKCE verifier');
  }
  code.used = true;
  context.counters.authorization_code += 1;
  return { status: 200, body: issueTokens(code.grant, context) };
}

function refresh(parameters: Record<string, string>, context: TokenEndpointContext): JsonAnswer {
  const token = context.store.refreshToken(parameters.refresh_token ?? '');
  if (!token) return refreshError('refresh_token_invalidated', 'Your refresh token has been invalidated.');
  const { grant } = token;
  if (!grant.alive) {
    return grant.endedBy === 'refresh_token_reused'
      ? refreshError('refresh_token_reused', 'Your refresh token has already been used to generate a new access token.')
      : refreshError('refresh_token_invalidated', 'Your refresh token has been invalidated.');
  }
  if (token.rotated) {
    // Refresh tokens rotate; presenting a rotated one again ends the whole sign-in, the new
    // token included (the reuse detection the Codex CLI reports as "already used").
    context.store.end(grant, 'refresh_token_reused');
    return refreshError(
      'refresh_token_reused',
      'Your refresh token has already been used to generate a new access token.',
    );
  }
  if (token.expiresAt <= context.now()) {
    return refreshError('refresh_token_expired', 'Your refresh token has expired.');
  }
  token.rotated = true;
  context.counters.refresh_token += 1;
  return { status: 200, body: issueTokens(grant, context) };
}
