import { describe, expect, it } from 'vitest';
import { decideSsoOutcome, type SsoFacts } from './decide-sso-outcome.js';

const base: SsoFacts = {
  mode: 'sign-in',
  provider: { allowSignUp: false, linkByVerifiedEmail: false },
  identity: { email: 'ada@example.test', emailVerified: true },
};

describe('decideSsoOutcome', () => {
  it('signs a linked identity in as its member, and only that member', () => {
    expect(decideSsoOutcome({ ...base, linkedTo: { userId: 'u1', disabled: false } })).toEqual({
      kind: 'sign-in',
      userId: 'u1',
    });
    expect(decideSsoOutcome({ ...base, linkedTo: { userId: 'u1', disabled: true } })).toEqual({
      kind: 'refuse',
      reason: 'member-disabled',
    });
    // An enrollment link for someone else cannot take over an identity that is linked already.
    expect(decideSsoOutcome({ ...base, enrollmentUserId: 'u2', linkedTo: { userId: 'u1', disabled: false } })).toEqual({
      kind: 'refuse',
      reason: 'identity-in-use',
    });
  });

  it('links for the signed-in member who asked, refusing an identity of someone else', () => {
    expect(decideSsoOutcome({ ...base, mode: 'link', linkingUserId: 'u1' })).toEqual({
      kind: 'link',
      userId: 'u1',
      via: 'signed-in-member',
    });
    expect(
      decideSsoOutcome({ ...base, mode: 'link', linkingUserId: 'u1', linkedTo: { userId: 'u2', disabled: false } }),
    ).toEqual({ kind: 'refuse', reason: 'identity-in-use' });
    expect(
      decideSsoOutcome({ ...base, mode: 'link', linkingUserId: 'u1', linkedTo: { userId: 'u1', disabled: false } }),
    ).toEqual({ kind: 'already-linked', userId: 'u1' });
  });

  it('links through an enrollment link whatever the email says', () => {
    expect(
      decideSsoOutcome({ ...base, enrollmentUserId: 'u3', identity: { email: undefined, emailVerified: false } }),
    ).toEqual({ kind: 'link', userId: 'u3', via: 'enrollment' });
  });

  it('never links by an email claim alone', () => {
    const emailMember = { userId: 'victim', emailVerified: true, disabled: false };
    // The admin did not allow linking by email for this provider.
    expect(decideSsoOutcome({ ...base, emailMember })).toEqual({ kind: 'refuse', reason: 'email-not-linked' });
    const trusting = { ...base, provider: { allowSignUp: true, linkByVerifiedEmail: true } };
    // The provider did not verify the email.
    expect(
      decideSsoOutcome({ ...trusting, identity: { email: 'ada@example.test', emailVerified: false }, emailMember }),
    ).toEqual({ kind: 'refuse', reason: 'email-not-linked' });
    // Our side never verified the member's email.
    expect(decideSsoOutcome({ ...trusting, emailMember: { ...emailMember, emailVerified: false } })).toEqual({
      kind: 'refuse',
      reason: 'email-not-linked',
    });
    // Both verified and allowed: linked.
    expect(decideSsoOutcome({ ...trusting, emailMember })).toEqual({
      kind: 'link',
      userId: 'victim',
      via: 'verified-email',
    });
    // Sign-up allowed must not mean "create a second account for a taken email" either.
    expect(
      decideSsoOutcome({
        ...base,
        provider: { allowSignUp: true, linkByVerifiedEmail: false },
        emailMember,
      }),
    ).toEqual({ kind: 'refuse', reason: 'email-not-linked' });
  });

  it('creates a member only when the provider allows sign-up and gives an email', () => {
    expect(decideSsoOutcome(base)).toEqual({ kind: 'refuse', reason: 'not-invited' });
    const open = { ...base, provider: { allowSignUp: true, linkByVerifiedEmail: false } };
    expect(decideSsoOutcome(open)).toEqual({ kind: 'create-member' });
    expect(decideSsoOutcome({ ...open, identity: { email: undefined, emailVerified: false } })).toEqual({
      kind: 'refuse',
      reason: 'not-invited',
    });
  });
});
