import { describe, expect, it } from 'vitest';
import { negotiateEncoding } from './negotiate-encoding.js';

describe('negotiateEncoding', () => {
  it('prefers Brotli, then gzip, as browsers offer them', () => {
    expect(negotiateEncoding('gzip, deflate, br, zstd')).toBe('br');
    expect(negotiateEncoding('gzip, deflate')).toBe('gzip');
    expect(negotiateEncoding('x-gzip')).toBe('gzip');
  });

  it('honours q=0 refusals and the * wildcard', () => {
    expect(negotiateEncoding('br;q=0, gzip')).toBe('gzip');
    expect(negotiateEncoding('br;q=0, gzip;q=0')).toBe('identity');
    expect(negotiateEncoding('*')).toBe('br');
    expect(negotiateEncoding('*;q=0, identity')).toBe('identity');
    expect(negotiateEncoding('gzip;q=0.5, *;q=0')).toBe('gzip');
  });

  it('sends files as they are to a client that names no coding or only unknown ones', () => {
    expect(negotiateEncoding(undefined)).toBe('identity');
    expect(negotiateEncoding('')).toBe('identity');
    expect(negotiateEncoding('identity')).toBe('identity');
    expect(negotiateEncoding('deflate, compress')).toBe('identity');
    expect(negotiateEncoding('br;q=abc')).toBe('identity');
  });
});
