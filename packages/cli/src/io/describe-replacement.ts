import type { ReplaceQuestion } from '@switchboard/core';

/** The question a login asks before it replaces a stored session, in the terminal and in the chat. */
export function describeReplacement(question: ReplaceQuestion): string {
  const stored = question.storedAccount ? ` (${question.storedAccount})` : '';
  if (question.reason === 'same-account')
    return `${question.ref}${stored} is already stored. Replace it with this sign-in?`;
  return `${question.ref} already holds another account${stored}. Replace it with ${question.newAccount ?? 'this one'}?`;
}
