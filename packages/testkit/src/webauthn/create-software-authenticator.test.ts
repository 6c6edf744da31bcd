import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';
import { describe, expect, it } from 'vitest';
import { createSoftwareAuthenticator } from './create-software-authenticator.js';

const ORIGIN = 'http://localhost:4180';
const RP_ID = 'localhost';

async function register(authenticator: ReturnType<typeof createSoftwareAuthenticator>, userVerified = true) {
  const options = await generateRegistrationOptions({
    rpName: 'Test',
    rpID: RP_ID,
    userName: 'ada@example.test',
    authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
  });
  const response = authenticator.createCredential({ options, origin: ORIGIN, userVerified });
  return { options, response };
}

// The server side is @simplewebauthn/server, the library better-auth's passkey plugin verifies with.
describe('createSoftwareAuthenticator', () => {
  it('registers a discoverable ES256 credential that @simplewebauthn/server verifies, with user verification', async () => {
    const authenticator = createSoftwareAuthenticator();
    const { options, response } = await register(authenticator);
    const verification = await verifyRegistrationResponse({
      response: response as never,
      expectedChallenge: options.challenge,
      expectedOrigin: ORIGIN,
      expectedRPID: RP_ID,
      requireUserVerification: true,
    });
    expect(verification.verified).toBe(true);
    expect(verification.registrationInfo?.userVerified).toBe(true);
    expect(verification.registrationInfo?.credential.id).toBe(response.id);
  });

  it('registers without the UV flag when the user is not verified, which requireUserVerification refuses', async () => {
    const authenticator = createSoftwareAuthenticator();
    const { options, response } = await register(authenticator, false);
    await expect(
      verifyRegistrationResponse({
        response: response as never,
        expectedChallenge: options.challenge,
        expectedOrigin: ORIGIN,
        expectedRPID: RP_ID,
        requireUserVerification: true,
      }),
    ).rejects.toThrow(/user could not be verified/i);
  });

  it('signs assertions the server verifies; the counter grows; wrong origin or no UV fails', async () => {
    const authenticator = createSoftwareAuthenticator();
    const { options, response } = await register(authenticator);
    const registration = await verifyRegistrationResponse({
      response: response as never,
      expectedChallenge: options.challenge,
      expectedOrigin: ORIGIN,
      expectedRPID: RP_ID,
    });
    const credential = registration.registrationInfo!.credential;
    let counter = credential.counter;
    const verify = async (input: { origin?: string; userVerified?: boolean; expectedOrigin?: string }) => {
      // Empty allowCredentials: the authenticator finds its discoverable credential itself.
      const request = await generateAuthenticationOptions({ rpID: RP_ID, userVerification: 'required' });
      const assertion = authenticator.getAssertion({
        options: request,
        origin: input.origin ?? ORIGIN,
        userVerified: input.userVerified ?? true,
      });
      return verifyAuthenticationResponse({
        response: assertion as never,
        expectedChallenge: request.challenge,
        expectedOrigin: input.expectedOrigin ?? ORIGIN,
        expectedRPID: RP_ID,
        credential: { ...credential, counter },
        requireUserVerification: true,
      });
    };
    const first = await verify({});
    expect(first.verified).toBe(true);
    expect(first.authenticationInfo.newCounter).toBe(1);
    counter = first.authenticationInfo.newCounter;
    const second = await verify({});
    expect(second.authenticationInfo.newCounter).toBe(2);
    counter = second.authenticationInfo.newCounter;
    await expect(verify({ userVerified: false })).rejects.toThrow(/user could not be verified/i);
    await expect(verify({ origin: 'https://evil.example' })).rejects.toThrow(/origin/i);
    expect(authenticator.credentials()).toEqual([
      expect.objectContaining({ id: response.id, rpId: RP_ID, signCount: 4 }),
    ]);
  });

  it('refuses an excluded credential and a request it holds nothing for, as authenticators do', async () => {
    const authenticator = createSoftwareAuthenticator();
    const { response } = await register(authenticator);
    const again = await generateRegistrationOptions({
      rpName: 'Test',
      rpID: RP_ID,
      userName: 'ada@example.test',
      excludeCredentials: [{ id: response.id }],
    });
    expect(() => authenticator.createCredential({ options: again, origin: ORIGIN })).toThrow(/InvalidStateError/);
    const request = await generateAuthenticationOptions({ rpID: 'other.example' });
    expect(() => authenticator.getAssertion({ options: request, origin: 'https://other.example' })).toThrow(
      /NotAllowedError/,
    );
    authenticator.removeCredential(response.id);
    expect(authenticator.credentials()).toEqual([]);
  });

  it('refuses to create a credential when the server does not accept ES256', async () => {
    const authenticator = createSoftwareAuthenticator();
    const rsaOnly = await generateRegistrationOptions({
      rpName: 'Test',
      rpID: RP_ID,
      userName: 'ada@example.test',
      supportedAlgorithmIDs: [-257],
    });
    expect(() => authenticator.createCredential({ options: rsaOnly, origin: ORIGIN })).toThrow(/NotSupportedError/);
    expect(authenticator.credentials()).toEqual([]);
  });

  it('picks the first discoverable credential, or the one credentialId names', async () => {
    const authenticator = createSoftwareAuthenticator();
    const first = (await register(authenticator)).response;
    const second = (await register(authenticator)).response;
    const request = await generateAuthenticationOptions({ rpID: RP_ID });
    expect(authenticator.getAssertion({ options: request, origin: ORIGIN }).id).toBe(first.id);
    expect(authenticator.getAssertion({ options: request, origin: ORIGIN, credentialId: second.id }).id).toBe(
      second.id,
    );
    expect(() => authenticator.getAssertion({ options: request, origin: ORIGIN, credentialId: 'AAAA' })).toThrow(
      /NotAllowedError/,
    );
  });
});
