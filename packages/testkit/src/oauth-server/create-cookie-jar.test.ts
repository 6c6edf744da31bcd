import { describe, expect, it } from 'vitest';
import { createCookieJar } from './create-cookie-jar.js';

describe('createCookieJar', () => {
  it('sends cookies by origin and path, most specific first', () => {
    const jar = createCookieJar();
    const page = new URL('http://127.0.0.1:4000/auth');
    jar.store(page, ['_session=s1; path=/; httponly', '_interaction=i1; path=/interaction/abc; httponly']);
    expect(jar.headerFor(new URL('http://127.0.0.1:4000/interaction/abc'))).toBe('_interaction=i1; _session=s1');
    expect(jar.headerFor(new URL('http://127.0.0.1:4000/interaction/abcd'))).toBe('_session=s1');
    expect(jar.headerFor(new URL('http://127.0.0.1:4001/auth'))).toBeUndefined();
  });

  it('replaces and deletes cookies', () => {
    const jar = createCookieJar();
    const page = new URL('http://127.0.0.1:4000/');
    jar.store(page, ['a=1; path=/', 'b=2; path=/']);
    jar.store(page, ['a=3; path=/', 'b=; path=/; expires=Thu, 01 Jan 1970 00:00:00 GMT']);
    expect(jar.headerFor(page)).toBe('a=3');
    jar.store(page, ['a=; path=/; max-age=0']);
    expect(jar.headerFor(page)).toBeUndefined();
  });
});
