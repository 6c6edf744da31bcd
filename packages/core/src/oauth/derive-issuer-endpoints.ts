import type { OAuthProfile } from '../catalog/provider-profiles.js';

const ENDPOINT_KEYS = {
  authorization: 'authorizationEndpoint',
  token: 'tokenEndpoint',
  revocation: 'revocationEndpoint',
} as const;

/**
 * Fills each endpoint the profile does not set explicitly from `issuer` + its `issuerPaths`
 * entry (`https://auth.openai.com` + `/oauth/token`). Explicit endpoints win. A profile
 * without `issuerPaths` is returned as is (its endpoints come from discovery).
 */
export function deriveIssuerEndpoints(profile: OAuthProfile): OAuthProfile {
  if (!profile.issuer || !profile.issuerPaths) return profile;
  const base = profile.issuer.replace(/\/+$/, '');
  const derived: OAuthProfile = { ...profile };
  for (const [name, key] of Object.entries(ENDPOINT_KEYS) as Array<
    [keyof typeof ENDPOINT_KEYS, (typeof ENDPOINT_KEYS)[keyof typeof ENDPOINT_KEYS]]
  >) {
    const path = profile.issuerPaths[name];
    if (path && !derived[key]) derived[key] = `${base}${path}`;
  }
  return derived;
}
