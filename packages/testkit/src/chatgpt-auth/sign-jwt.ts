import { createSign, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';

/** An RS256 signer with its public JWK (for the fake's JWKS). */
export interface JwtSigner {
  sign(claims: Record<string, unknown>): string;
  publicJwk: Record<string, unknown>;
}

/** Creates an RS256 signer with a fresh 2048-bit key. */
export function createJwtSigner(): JwtSigner {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = randomBytes(8).toString('hex');
  return {
    sign: (claims) => signRs256(privateKey, kid, claims),
    publicJwk: { ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' },
  };
}

function signRs256(key: KeyObject, kid: string, claims: Record<string, unknown>): string {
  const encode = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  const input = `${encode({ alg: 'RS256', typ: 'JWT', kid })}.${encode(claims)}`;
  const signature = createSign('RSA-SHA256').update(input).sign(key).toString('base64url');
  return `${input}.${signature}`;
}
