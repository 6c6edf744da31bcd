/** A value the CBOR encoder writes (RFC 8949): the subset WebAuthn's attestation and COSE keys use. */
export type CborValue = number | string | Uint8Array | readonly CborValue[] | Map<number | string, CborValue>;

function head(majorType: number, length: number): Uint8Array {
  const type = majorType << 5;
  if (length < 24) return Uint8Array.of(type | length);
  if (length < 0x100) return Uint8Array.of(type | 24, length);
  if (length < 0x10000) return Uint8Array.of(type | 25, length >> 8, length & 0xff);
  const bytes = new Uint8Array(5);
  bytes[0] = type | 26;
  new DataView(bytes.buffer).setUint32(1, length);
  return bytes;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/**
 * Encodes `value` as CBOR (RFC 8949 §3): unsigned and negative integers (major types 0 and 1, up
 * to 32 bits), byte strings (2), text strings (3), arrays (4) and maps (5), in the order given —
 * the authenticator side of WebAuthn needs nothing more (attestation objects, COSE keys).
 */
export function encodeCbor(value: CborValue): Uint8Array {
  if (typeof value === 'number') {
    if (!Number.isInteger(value) || Math.abs(value) > 0xffffffff) throw new Error(`CBOR: unsupported number ${value}`);
    return value >= 0 ? head(0, value) : head(1, -1 - value);
  }
  if (typeof value === 'string') {
    const bytes = new TextEncoder().encode(value);
    return concat([head(3, bytes.length), bytes]);
  }
  if (value instanceof Uint8Array) return concat([head(2, value.length), value]);
  if (value instanceof Map)
    return concat([head(5, value.size), ...[...value].flatMap(([key, inner]) => [encodeCbor(key), encodeCbor(inner)])]);
  return concat([head(4, value.length), ...value.map(encodeCbor)]);
}
