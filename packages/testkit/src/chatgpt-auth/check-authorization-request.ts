/** An authorization request the fake accepted: what the login page carries to the code. */
export interface AcceptedAuthorization {
  redirectUri: string;
  state: string;
  codeChallenge: string;
  scope: string;
}

/** Why an authorization request was refused, and how the server answers it. */
export interface RefusedAuthorization {
  /** `page`: an error page, never a redirect (the redirect_uri itself is not trusted). */
  answer: 'page' | 'redirect';
  error: string;
  description: string;
  rule: string;
  redirectUri?: string;
  state?: string;
}

/** What the checks need to know about the server. */
export interface AuthorizationRules {
  clientId: string;
  redirectUris: string[];
}

/**
 * The checks auth.openai.com makes on `GET /oauth/authorize`, each derived from what the
 * Codex CLI must send to pass it. Returns the accepted request or the refusal.
 */
export function checkAuthorizationRequest(
  query: URLSearchParams,
  rules: AuthorizationRules,
): AcceptedAuthorization | RefusedAuthorization {
  const page = (error: string, description: string, rule: string): RefusedAuthorization => ({
    answer: 'page',
    error,
    description,
    rule,
  });
  // The client is the Codex CLI's public client (codex-rs/login/src/auth/manager.rs CLIENT_ID).
  if (query.get('client_id') !== rules.clientId) return page('invalid_client', 'Unknown client.', 'client_id');
  // The redirect allow-list is exact: `http://localhost:1455/auth/callback` or port 1457
  // ("Keep in sync with the Codex CLI Hydra redirect URI allow-list", codex-rs/login/src/
  // server.rs FALLBACK_PORT; the redirect_uri is built with `localhost`, never 127.0.0.1).
  // A redirect_uri that is not registered gets an error page, not a redirect (RFC 6749 §4.1.2.1).
  const redirectUri = query.get('redirect_uri') ?? '';
  if (!rules.redirectUris.includes(redirectUri)) {
    return page(
      'invalid_request',
      'The redirect_uri is not whitelisted for this client.',
      'redirect_uri must be exactly one of the allow-list',
    );
  }
  const state = query.get('state') ?? '';
  const redirect = (error: string, description: string, rule: string): RefusedAuthorization => ({
    answer: 'redirect',
    error,
    description,
    rule,
    redirectUri,
    ...(state ? { state } : {}),
  });
  if (query.get('response_type') !== 'code')
    return redirect('unsupported_response_type', 'Only response_type=code is allowed.', 'response_type=code');
  // Public clients must use PKCE, and only S256 (codex-rs/login/src/pkce.rs makes an S256
  // challenge; server.rs sends code_challenge_method=S256).
  const challenge = query.get('code_challenge') ?? '';
  if (!/^[A-Za-z0-9_-]{43}$/.test(challenge) || query.get('code_challenge_method') !== 'S256') {
    return redirect(
      'invalid_request',
      'Clients must include a code_challenge using the S256 method when performing the authorize code flow.',
      'PKCE S256 required',
    );
  }
  // The server (Ory Hydra / fosite) refuses a state shorter than 8 characters
  // (fosite ErrInvalidState); the Codex CLI sends 32 random bytes (server.rs generate_state).
  if (state.length < 8) {
    return redirect(
      'invalid_state',
      'The state is missing or does not have enough characters and is therefore considered too weak.',
      'state of 8+ characters',
    );
  }
  const scope = query.get('scope') ?? '';
  // ID token, refresh token: Codex asks for openid … offline_access (server.rs build_authorize_url).
  if (!scope.split(' ').includes('openid') || !scope.split(' ').includes('offline_access')) {
    return redirect('invalid_scope', 'The scope must include openid and offline_access.', 'scope');
  }
  return { redirectUri, state, codeChallenge: challenge, scope };
}
