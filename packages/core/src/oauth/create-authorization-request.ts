import type { Configuration } from 'openid-client';
import type { OAuthProfile } from '../catalog/provider-profiles.js';

/** An authorization request (code + PKCE S256 + state, + nonce for OIDC) and the secrets to finish it. */
export interface AuthorizationRequest {
  /** The URL the user opens. */
  url: string;
  redirectUri: string;
  state: string;
  /** Present when the profile is OIDC. */
  nonce?: string;
  codeVerifier: string;
}

/** Options of {@link createAuthorizationRequest}. */
export interface CreateAuthorizationRequestOptions {
  configuration: Configuration;
  profile: OAuthProfile;
  redirectUri: string;
  /** Pre-generated state (the loopback listener must know it first); random by default. */
  state?: string;
}

/**
 * Builds the authorization URL. The profile's `extraAuthorizationParams` are added first,
 * so they can never replace the security parameters (state, PKCE, nonce, redirect_uri).
 */
export async function createAuthorizationRequest(
  options: CreateAuthorizationRequestOptions,
): Promise<AuthorizationRequest> {
  const client = await import('openid-client');
  const { profile, redirectUri } = options;
  const codeVerifier = client.randomPKCECodeVerifier();
  const state = options.state ?? client.randomState();
  const nonce = profile.oidc ? client.randomNonce() : undefined;
  const parameters = new URLSearchParams(profile.extraAuthorizationParams ?? {});
  parameters.set('redirect_uri', redirectUri);
  parameters.set('response_type', 'code');
  if (profile.scopes.length > 0) parameters.set('scope', profile.scopes.join(' '));
  parameters.set('code_challenge', await client.calculatePKCECodeChallenge(codeVerifier));
  parameters.set('code_challenge_method', 'S256');
  parameters.set('state', state);
  if (nonce) parameters.set('nonce', nonce);
  const url = client.buildAuthorizationUrl(options.configuration, parameters).href;
  return { url, redirectUri, state, ...(nonce ? { nonce } : {}), codeVerifier };
}
