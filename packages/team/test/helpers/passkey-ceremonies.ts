import { createSoftwareAuthenticator } from '@switchboard/testkit';
import type { TeamBrowser } from './team-browser.js';

export type Authenticator = ReturnType<typeof createSoftwareAuthenticator>;

/** The passkey ceremonies as the web app runs them (@simplewebauthn/browser's calls, by a software authenticator). */
export async function registerPasskey(
  browser: TeamBrowser,
  authenticator: Authenticator,
  options: { enrollmentToken?: string; name?: string; userVerified?: boolean } = {},
): Promise<Response> {
  const query = options.enrollmentToken ? `?context=${encodeURIComponent(options.enrollmentToken)}` : '';
  const offered = await browser.get(`/api/auth/passkey/generate-register-options${query}`);
  if (offered.status !== 200) return offered;
  const response = authenticator.createCredential({
    options: (await offered.json()) as never,
    origin: browser.origin,
    userVerified: options.userVerified ?? true,
  });
  return browser.post('/api/auth/passkey/verify-registration', {
    response,
    ...(options.name ? { name: options.name } : {}),
    ...(options.enrollmentToken ? { createSession: true } : {}),
  });
}

export async function signInWithPasskey(
  browser: TeamBrowser,
  authenticator: Authenticator,
  userVerified = true,
): Promise<Response> {
  const offered = await browser.get('/api/auth/passkey/generate-authenticate-options');
  if (offered.status !== 200) return offered;
  const response = authenticator.getAssertion({
    options: (await offered.json()) as never,
    origin: browser.origin,
    userVerified,
  });
  return browser.post('/api/auth/passkey/verify-authentication', { response });
}
