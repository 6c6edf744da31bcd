import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { isIP } from 'node:net';
import {
  bitString,
  boolean,
  contextTag,
  generalizedTime,
  integer,
  objectIdentifier,
  octetString,
  sequence,
  set,
  utf8String,
} from './der.js';

/** A certificate and its private key, both PEM. */
export interface TestCertificate {
  certificatePem: string;
  keyPem: string;
}

/** A throwaway certificate authority that issues TLS server certificates for test hosts. */
export interface TestCertificateAuthority extends TestCertificate {
  /** A server certificate for `hostname` (a DNS name or an IP address), signed by this CA. */
  issue(hostname: string): TestCertificate;
}

const ECDSA_WITH_SHA256 = sequence(objectIdentifier('1.2.840.10045.4.3.2'));
const DAY = 24 * 60 * 60 * 1000;

/**
 * Creates a certificate authority (ECDSA P-256) with node:crypto and a small DER builder: no
 * openssl binary, no dependency. Certificates are X.509 v3 with the extensions TLS clients
 * check (basicConstraints, keyUsage, subjectAltName, extendedKeyUsage, key identifiers).
 */
export function createTestCertificateAuthority(commonName = 'Switchboard testkit proxy CA'): TestCertificateAuthority {
  const caKeys = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const caSpki = caKeys.publicKey.export({ type: 'spki', format: 'der' });
  const caKeyId = keyIdentifier(caSpki);
  const caCertificate = buildCertificate({
    subject: commonName,
    issuer: commonName,
    spki: caSpki,
    signingKey: caKeys.privateKey,
    authorityKeyId: caKeyId,
    extensions: [
      extension('2.5.29.19', true, sequence(boolean(true))),
      // keyCertSign and cRLSign (bits 5 and 6).
      extension('2.5.29.15', true, bitString(Buffer.from([0x06]), 1)),
    ],
  });
  return {
    certificatePem: pem('CERTIFICATE', caCertificate),
    keyPem: caKeys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    issue(hostname) {
      const keys = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
      const address = isIP(hostname);
      const altName =
        address === 0
          ? contextTag(2, false, Buffer.from(hostname, 'ascii'))
          : contextTag(7, false, ipBytes(hostname, address));
      const certificate = buildCertificate({
        subject: hostname,
        issuer: commonName,
        spki: keys.publicKey.export({ type: 'spki', format: 'der' }),
        signingKey: caKeys.privateKey,
        authorityKeyId: caKeyId,
        extensions: [
          extension('2.5.29.19', true, sequence()),
          // digitalSignature (bit 0).
          extension('2.5.29.15', true, bitString(Buffer.from([0x80]), 7)),
          extension('2.5.29.37', false, sequence(objectIdentifier('1.3.6.1.5.5.7.3.1'))),
          extension('2.5.29.17', false, sequence(altName)),
        ],
      });
      return {
        certificatePem: pem('CERTIFICATE', certificate),
        keyPem: keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      };
    },
  };
}

function buildCertificate(options: {
  subject: string;
  issuer: string;
  spki: Buffer;
  signingKey: KeyObject;
  authorityKeyId: Buffer;
  extensions: Buffer[];
}): Buffer {
  const now = Date.now();
  const tbs = sequence(
    contextTag(0, true, integer(Buffer.from([2]))),
    integer(randomBytes(16)),
    ECDSA_WITH_SHA256,
    name(options.issuer),
    sequence(generalizedTime(new Date(now - DAY)), generalizedTime(new Date(now + 30 * DAY))),
    name(options.subject),
    options.spki,
    contextTag(
      3,
      true,
      sequence(
        ...options.extensions,
        extension('2.5.29.14', false, octetString(keyIdentifier(options.spki))),
        extension('2.5.29.35', false, sequence(contextTag(0, false, options.authorityKeyId))),
      ),
    ),
  );
  return sequence(tbs, ECDSA_WITH_SHA256, bitString(sign('sha256', tbs, options.signingKey)));
}

function name(commonName: string): Buffer {
  return sequence(set(sequence(objectIdentifier('2.5.4.3'), utf8String(commonName))));
}

function extension(oid: string, critical: boolean, value: Buffer): Buffer {
  return sequence(objectIdentifier(oid), ...(critical ? [boolean(true)] : []), octetString(value));
}

/** RFC 5280 §4.2.1.2 method 1: SHA-1 of the subjectPublicKey bits. */
function keyIdentifier(spki: Buffer): Buffer {
  // For a P-256 SPKI the key bits are the last 65 bytes (uncompressed point).
  return createHash('sha1')
    .update(spki.subarray(spki.length - 65))
    .digest();
}

function ipBytes(address: string, family: number): Buffer {
  if (family === 4) return Buffer.from(address.split('.').map(Number));
  const [head = '', tail = ''] = address.split('::');
  const groups = (part: string): number[] => (part === '' ? [] : part.split(':').map((group) => parseInt(group, 16)));
  const start = groups(head);
  const end = groups(tail);
  const all = address.includes('::')
    ? [...start, ...Array<number>(8 - start.length - end.length).fill(0), ...end]
    : start;
  return Buffer.from(all.flatMap((group) => [group >> 8, group & 0xff]));
}

function pem(label: string, der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}
