import { describe, expect, it } from 'vitest';
import { accountFactsFromClaims } from './account-facts.js';
import { decodeIdTokenClaims } from './decode-id-token-claims.js';

function unsignedJwt(payload: Record<string, unknown>): string {
  const encode = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${encode({ alg: 'none' })}.${encode(payload)}.`;
}

describe('accountFactsFromClaims', () => {
  it('derives email, ChatGPT account id and plan', () => {
    const facts = accountFactsFromClaims({
      sub: 'user-1',
      email: 'ada@example.test',
      'https://api.openai.com/auth': { chatgpt_account_id: 'acct-42', chatgpt_plan_type: 'pro', other: 1 },
    });
    expect(facts).toEqual({ subject: 'user-1', email: 'ada@example.test', accountId: 'acct-42', plan: 'pro' });
  });

  it('ignores missing and malformed claims', () => {
    expect(accountFactsFromClaims(undefined)).toEqual({});
    expect(accountFactsFromClaims({ email: 42, 'https://api.openai.com/auth': 'nope' })).toEqual({});
    expect(accountFactsFromClaims({ 'https://api.openai.com/auth': { chatgpt_account_id: '' } })).toEqual({});
  });
});

describe('decodeIdTokenClaims', () => {
  it('reads the payload of a JWT', () => {
    const claims = decodeIdTokenClaims(
      unsignedJwt({ sub: 's', 'https://api.openai.com/auth': { chatgpt_plan_type: 'plus' } }),
    );
    expect(accountFactsFromClaims(claims)).toEqual({ subject: 's', plan: 'plus' });
  });

  it('returns undefined for anything else', () => {
    expect(decodeIdTokenClaims('not-a-jwt')).toBeUndefined();
    expect(decodeIdTokenClaims('a.b.c')).toBeUndefined();
    expect(decodeIdTokenClaims(`x.${Buffer.from('[1]').toString('base64url')}.y`)).toBeUndefined();
  });
});
