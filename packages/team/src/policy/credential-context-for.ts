import { SwitchboardError, type CredentialContext } from '@switchboard/core';
import type { PolicyStore } from './create-policy-store.js';

/** What a member may name as a request's credential. */
export const CREDENTIAL_REFERENCES = ['workspace', 'personal'] as const;

/**
 * The credential context of a member's request: their id, and the credential they named
 * (`workspace` or `personal`) when they named one — allowed only when the admin lets members
 * choose (403 otherwise). The one decision for the chat, structured output and `/v1`.
 */
export async function credentialContextFor(
  policy: PolicyStore,
  userId: string,
  requested: unknown,
): Promise<CredentialContext> {
  if (requested === undefined || requested === null || requested === '') return { userId };
  if (typeof requested !== 'string' || !(CREDENTIAL_REFERENCES as readonly string[]).includes(requested))
    throw new SwitchboardError('INVALID_REQUEST', 'credential must be "workspace" or "personal".', { status: 400 });
  if (!(await policy.get()).allowCredentialReferences)
    throw new SwitchboardError(
      'PERMISSION_DENIED',
      "The workspace does not let members choose a request's credential; an admin decides it.",
    );
  return { userId, reference: requested };
}
