import type { IdentityProviderPreset } from './create-identity-provider-store.js';

/** What a preset fixes: the issuer, and the scopes its sign-in asks for. */
export interface IdentityProviderPresetFacts {
  readonly name: string;
  /** Undefined: the admin gives it (any OpenID Connect issuer). */
  readonly issuer: string | undefined;
  readonly scopes: readonly string[];
}

/**
 * The presets. Google: an OAuth client of type "Web application" in Google Cloud, redirect URI
 * `<public url>/api/auth/sso/callback`. ChatGPT: "Sign in with ChatGPT" of OpenAI's partner
 * programme — OpenAI issues the client id and secret; the issuer is the one the Codex CLI signs
 * in at (openai/codex codex-rs/login: `https://auth.openai.com`).
 */
export const IDENTITY_PROVIDER_PRESETS: Readonly<Record<IdentityProviderPreset, IdentityProviderPresetFacts>> = {
  oidc: { name: 'OpenID Connect', issuer: undefined, scopes: ['openid', 'email', 'profile'] },
  google: { name: 'Google', issuer: 'https://accounts.google.com', scopes: ['openid', 'email', 'profile'] },
  chatgpt: { name: 'ChatGPT', issuer: 'https://auth.openai.com', scopes: ['openid', 'email', 'profile'] },
};
