import type { CredentialExpectation } from './types.js';

/** True when `credential` is one a fake was told to accept (no expectation: any). */
export function acceptsCredential(expected: CredentialExpectation | undefined, credential: string): boolean {
  if (expected === undefined) return true;
  if (typeof expected === 'function') return expected(credential);
  return typeof expected === 'string' ? expected === credential : expected.includes(credential);
}
