/** Why an SSO sign-in or link was refused (audited; the person sees one generic text). */
export type SsoRefusal =
  /** The identity is linked to another member. */
  | 'identity-in-use'
  /** A member has this email, but linking by email is not allowed or not both verified. */
  | 'email-not-linked'
  /** No member, no enrollment link, and this provider may not create members. */
  | 'not-invited'
  /** The member is disabled. */
  | 'member-disabled';

/** What to do with a verified external identity. */
export type SsoOutcome =
  | { readonly kind: 'sign-in'; readonly userId: string }
  /** Link the identity to the member, then (unless `mode` was link) sign them in. */
  | {
      readonly kind: 'link';
      readonly userId: string;
      readonly via: 'signed-in-member' | 'enrollment' | 'verified-email';
    }
  | { readonly kind: 'already-linked'; readonly userId: string }
  | { readonly kind: 'create-member' }
  | { readonly kind: 'refuse'; readonly reason: SsoRefusal };

/** Everything the decision depends on, read before it is made. */
export interface SsoFacts {
  /** `link`: a signed-in member adds this identity; `sign-in`: someone signs in with it. */
  readonly mode: 'sign-in' | 'link';
  /** The member who started a link (still signed in at the callback). */
  readonly linkingUserId?: string;
  /** The member an enrollment link (carried through the sign-in) brings in. */
  readonly enrollmentUserId?: string;
  /** The member this (issuer, subject) is linked to already, and whether they are disabled. */
  readonly linkedTo?: { readonly userId: string; readonly disabled: boolean };
  readonly provider: { readonly allowSignUp: boolean; readonly linkByVerifiedEmail: boolean };
  readonly identity: { readonly email: string | undefined; readonly emailVerified: boolean };
  /** The member whose email equals the identity's, and whether that email is verified on our side. */
  readonly emailMember?: { readonly userId: string; readonly emailVerified: boolean; readonly disabled: boolean };
}

/**
 * The linking rules, in one place. An identity is its (issuer, subject): once linked it signs in
 * that member only. An unlinked identity is linked only (a) by the member signed in who asked,
 * (b) through the member's enrollment link, or (c) automatically by email when the admin allows
 * it for this provider AND the provider says the email is verified AND the member's email was
 * verified on our side — never by an email claim alone (the account-takeover of Open WebUI
 * #28191 and LiteLLM #36942). A new member is created only when the provider allows sign-up and
 * no member has that email.
 */
export function decideSsoOutcome(facts: SsoFacts): SsoOutcome {
  const { linkedTo } = facts;
  if (linkedTo) {
    if (facts.mode === 'link')
      return linkedTo.userId === facts.linkingUserId
        ? { kind: 'already-linked', userId: linkedTo.userId }
        : { kind: 'refuse', reason: 'identity-in-use' };
    if (facts.enrollmentUserId !== undefined && linkedTo.userId !== facts.enrollmentUserId)
      return { kind: 'refuse', reason: 'identity-in-use' };
    if (linkedTo.disabled) return { kind: 'refuse', reason: 'member-disabled' };
    return { kind: 'sign-in', userId: linkedTo.userId };
  }
  if (facts.mode === 'link' && facts.linkingUserId !== undefined)
    return { kind: 'link', userId: facts.linkingUserId, via: 'signed-in-member' };
  if (facts.enrollmentUserId !== undefined) return { kind: 'link', userId: facts.enrollmentUserId, via: 'enrollment' };
  const { emailMember } = facts;
  if (emailMember) {
    const mayLink = facts.provider.linkByVerifiedEmail && facts.identity.emailVerified && emailMember.emailVerified;
    if (!mayLink) return { kind: 'refuse', reason: 'email-not-linked' };
    if (emailMember.disabled) return { kind: 'refuse', reason: 'member-disabled' };
    return { kind: 'link', userId: emailMember.userId, via: 'verified-email' };
  }
  if (facts.provider.allowSignUp && facts.identity.email !== undefined) return { kind: 'create-member' };
  return { kind: 'refuse', reason: 'not-invited' };
}
