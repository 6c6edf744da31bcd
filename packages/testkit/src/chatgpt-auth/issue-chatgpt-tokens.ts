import type { Grant, GrantStore } from './chatgpt-grants.js';
import type { JwtSigner } from './sign-jwt.js';

/** What issuing tokens needs. */
export interface TokenIssuer {
  issuer: string;
  clientId: string;
  plan: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  signer: JwtSigner;
  store: GrantStore;
  now: () => number;
}

/**
 * The token response of auth.openai.com: id_token (claims under
 * `https://api.openai.com/auth`: chatgpt_account_id, chatgpt_plan_type, chatgpt_user_id, as
 * codex-rs/login/src/token_data.rs reads them), a JWT access token, a new refresh token.
 */
export function issueTokens(grant: Grant, context: TokenIssuer): Record<string, unknown> {
  const issuedAt = Math.floor(context.now() / 1000);
  const exp = issuedAt + context.accessTokenTtlSeconds;
  const auth = {
    chatgpt_account_id: `acct-${grant.login}`,
    chatgpt_plan_type: context.plan,
    chatgpt_user_id: `user-${grant.login}`,
  };
  const idToken = context.signer.sign({
    iss: context.issuer,
    aud: [context.clientId],
    sub: `auth0|${grant.login}`,
    email: `${grant.login}@example.test`,
    email_verified: true,
    iat: issuedAt,
    auth_time: issuedAt,
    exp,
    'https://api.openai.com/auth': auth,
  });
  const accessToken = context.signer.sign({
    iss: context.issuer,
    aud: ['https://api.openai.com/v1'],
    client_id: context.clientId,
    sub: `auth0|${grant.login}`,
    iat: issuedAt,
    exp,
    jti: Math.random().toString(36).slice(2),
    scp: grant.scope.split(' '),
    'https://api.openai.com/auth': auth,
  });
  grant.accessTokens.add(accessToken);
  context.store.noteSecret(accessToken);
  context.store.noteSecret(idToken);
  const refreshToken = context.store.issueRefreshToken(grant, context.now() + context.refreshTokenTtlSeconds * 1000);
  return {
    id_token: idToken,
    access_token: accessToken,
    refresh_token: refreshToken,
    expires_in: context.accessTokenTtlSeconds,
    token_type: 'Bearer',
    scope: grant.scope,
  };
}

/** The exp claim of a JWT this fake signed, in epoch ms (0 when unreadable). */
export function expiryOf(jwt: string): number {
  try {
    const payload = JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString()) as { exp?: number };
    return (payload.exp ?? 0) * 1000;
  } catch {
    return 0;
  }
}
