import { randomFillSync } from 'node:crypto';

/** Random bytes for this many ids are drawn at a time. */
const IDS_PER_FILL = 256;
/** The ASCII codes of the hex digits. */
const HEX = Buffer.from('0123456789abcdef');

/**
 * A source of request ids: random (version 4) UUIDs, made as one flat string each.
 * `crypto.randomUUID()` joins its 36 characters from 20 pieces, and V8 keeps such a string as
 * a tree of them: Node's check of a header value then copies it into one string through a call
 * into V8's runtime, ≈ 1 µs of a streamed request's ≈ 130 µs in the gateway (perf,
 * docs/benchmarks.md). Here the characters are written into a buffer and read back as one
 * string. The random bytes come from `crypto.randomFillSync`, drawn for {@link IDS_PER_FILL}
 * ids at a time, as `randomUUID` draws them.
 */
export function createRequestIds(): () => string {
  const pool = Buffer.alloc(16 * IDS_PER_FILL);
  let next = pool.length;
  const text = Buffer.alloc(36);
  return () => {
    if (next === pool.length) {
      randomFillSync(pool);
      next = 0;
    }
    const at = next;
    next += 16;
    // RFC 9562: version 4 in the high nibble of byte 6, variant 10 in the high bits of byte 8.
    pool[at + 6] = (pool[at + 6]! & 0x0f) | 0x40;
    pool[at + 8] = (pool[at + 8]! & 0x3f) | 0x80;
    let out = 0;
    for (let index = 0; index < 16; index += 1) {
      if (index === 4 || index === 6 || index === 8 || index === 10) text[out++] = 0x2d;
      const byte = pool[at + index]!;
      text[out++] = HEX[byte >> 4]!;
      text[out++] = HEX[byte & 0x0f]!;
    }
    return text.toString('latin1', 0, 36);
  };
}
