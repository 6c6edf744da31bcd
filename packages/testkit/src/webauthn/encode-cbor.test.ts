import { describe, expect, it } from 'vitest';
import { encodeCbor } from './encode-cbor.js';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

// Expected bytes from RFC 8949 Appendix A (Examples of Encoded CBOR Data Items).
describe('encodeCbor', () => {
  it('encodes integers as RFC 8949 Appendix A does', () => {
    expect(hex(encodeCbor(0))).toBe('00');
    expect(hex(encodeCbor(23))).toBe('17');
    expect(hex(encodeCbor(24))).toBe('1818');
    expect(hex(encodeCbor(1000))).toBe('1903e8');
    expect(hex(encodeCbor(1000000))).toBe('1a000f4240');
    expect(hex(encodeCbor(-1))).toBe('20');
    expect(hex(encodeCbor(-100))).toBe('3863');
    expect(hex(encodeCbor(-1000))).toBe('3903e7');
  });
  it('encodes strings, byte strings, arrays and maps as Appendix A does', () => {
    expect(hex(encodeCbor(''))).toBe('60');
    expect(hex(encodeCbor('IETF'))).toBe('6449455446');
    expect(hex(encodeCbor('ü'))).toBe('62c3bc');
    expect(hex(encodeCbor(Uint8Array.of(1, 2, 3, 4)))).toBe('4401020304');
    expect(hex(encodeCbor([1, [2, 3], [4, 5]]))).toBe('8301820203820405');
    expect(
      hex(
        encodeCbor(
          new Map([
            [1, 2],
            [3, 4],
          ]),
        ),
      ),
    ).toBe('a201020304');
    expect(
      hex(
        encodeCbor(
          new Map<string, number | number[]>([
            ['a', 1],
            ['b', [2, 3]],
          ]),
        ),
      ),
    ).toBe('a26161016162820203');
  });
  it('refuses what it cannot encode', () => {
    expect(() => encodeCbor(1.5)).toThrow(/unsupported number/);
  });
});
