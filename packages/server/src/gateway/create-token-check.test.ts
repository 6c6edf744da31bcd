import { describe, expect, it } from 'vitest';
import { createTokenCheck, presentedToken } from './create-token-check.js';
import { createLocalToken } from './local-token.js';

describe('the gateway token check', () => {
  it('reads a bearer token or x-api-key', () => {
    expect(presentedToken(new Headers({ authorization: 'Bearer sbl_abc' }))).toBe('sbl_abc');
    expect(presentedToken(new Headers({ authorization: 'bearer   sbl_abc  ' }))).toBe('sbl_abc');
    expect(presentedToken(new Headers({ 'x-api-key': 'sbl_key' }))).toBe('sbl_key');
    expect(presentedToken(new Headers({ authorization: 'Basic dXNlcjpwYXNz', 'x-api-key': 'sbl_key' }))).toBe(
      'sbl_key',
    );
    expect(presentedToken(new Headers({}))).toBeUndefined();
  });

  it('accepts only the exact token', () => {
    const token = createLocalToken();
    const check = createTokenCheck(token);
    expect(token).toMatch(/^sbl_[A-Za-z0-9_-]{43}$/);
    expect(check(token)).toBe(true);
    expect(check(`${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`)).toBe(false);
    expect(check(token.slice(0, -1))).toBe(false);
    expect(check(`${token}x`)).toBe(false);
    expect(check(undefined)).toBe(false);
    expect(check('')).toBe(false);
  });

  it('makes a new random token each time and refuses short ones', () => {
    expect(createLocalToken()).not.toBe(createLocalToken());
    expect(() => createTokenCheck('short')).toThrow();
  });
});
