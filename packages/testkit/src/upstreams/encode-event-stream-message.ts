import { crc32 } from 'node:zlib';

const STRING_HEADER_TYPE = 7;

function encodeHeaders(headers: Record<string, string>): Buffer {
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(headers)) {
    const nameBytes = Buffer.from(name, 'utf8');
    const valueBytes = Buffer.from(value, 'utf8');
    const header = Buffer.alloc(1 + nameBytes.length + 1 + 2 + valueBytes.length);
    let offset = header.writeUInt8(nameBytes.length, 0);
    offset += nameBytes.copy(header, offset);
    offset = header.writeUInt8(STRING_HEADER_TYPE, offset);
    offset = header.writeUInt16BE(valueBytes.length, offset);
    valueBytes.copy(header, offset);
    parts.push(header);
  }
  return Buffer.concat(parts);
}

/**
 * One message of the AWS event-stream binary framing (application/vnd.amazon.eventstream):
 * total length, headers length, prelude CRC32, headers, payload, message CRC32 — all big-endian.
 */
export function encodeEventStreamMessage(headers: Record<string, string>, payload: Buffer | string): Buffer {
  const headerBytes = encodeHeaders(headers);
  const payloadBytes = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload;
  const totalLength = 12 + headerBytes.length + payloadBytes.length + 4;
  const message = Buffer.alloc(totalLength);
  message.writeUInt32BE(totalLength, 0);
  message.writeUInt32BE(headerBytes.length, 4);
  message.writeUInt32BE(crc32(message.subarray(0, 8)), 8);
  headerBytes.copy(message, 12);
  payloadBytes.copy(message, 12 + headerBytes.length);
  message.writeUInt32BE(crc32(message.subarray(0, totalLength - 4)), totalLength - 4);
  return message;
}
