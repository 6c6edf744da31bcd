import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { encodeCbor, type CborValue } from './encode-cbor.js';

/** The parts of `PublicKeyCredentialCreationOptionsJSON` (what a server's registration options are) used here. */
export interface CreationOptionsJson {
  challenge: string;
  rp: { id?: string; name: string };
  user: { id: string; name: string; displayName: string };
  pubKeyCredParams: Array<{ type: string; alg: number }>;
  excludeCredentials?: Array<{ id: string; type?: string }>;
  authenticatorSelection?: { residentKey?: string; userVerification?: string };
}

/** The parts of `PublicKeyCredentialRequestOptionsJSON` used here. */
export interface RequestOptionsJson {
  challenge: string;
  rpId?: string;
  allowCredentials?: Array<{ id: string; type?: string }>;
  userVerification?: string;
}

/** What `navigator.credentials.create()` gives a page, as JSON (`RegistrationResponseJSON`). */
export interface RegistrationResponseJson {
  id: string;
  rawId: string;
  type: 'public-key';
  authenticatorAttachment: 'platform';
  clientExtensionResults: Record<string, never>;
  response: {
    clientDataJSON: string;
    attestationObject: string;
    authenticatorData: string;
    transports: string[];
    publicKeyAlgorithm: number;
  };
}

/** What `navigator.credentials.get()` gives a page, as JSON (`AuthenticationResponseJSON`). */
export interface AuthenticationResponseJson {
  id: string;
  rawId: string;
  type: 'public-key';
  authenticatorAttachment: 'platform';
  clientExtensionResults: Record<string, never>;
  response: { clientDataJSON: string; authenticatorData: string; signature: string; userHandle: string };
}

/** A credential the authenticator holds. */
export interface SoftwareCredential {
  readonly id: string;
  readonly rpId: string;
  readonly userHandle: string;
  readonly signCount: number;
}

/** A platform authenticator in software: ES256 discoverable credentials, no attestation. */
export interface SoftwareAuthenticator {
  /** `navigator.credentials.create()` for `options`, as a browser at `origin` would call it. */
  createCredential(input: {
    options: CreationOptionsJson;
    origin: string;
    userVerified?: boolean;
    userPresent?: boolean;
  }): RegistrationResponseJson;
  /** `navigator.credentials.get()` for `options`; `credentialId` picks among several discoverable ones. */
  getAssertion(input: {
    options: RequestOptionsJson;
    origin: string;
    userVerified?: boolean;
    credentialId?: string;
  }): AuthenticationResponseJson;
  /** The credentials held, with their current signature counters (ids base64url). */
  credentials(): SoftwareCredential[];
  /** Forgets the credential with this base64url id, as deleting a passkey on a device does; unknown ids are ignored. */
  removeCredential(id: string): void;
}

interface StoredCredential {
  id: Buffer;
  rpId: string;
  userHandle: Buffer;
  privateKey: KeyObject;
  signCount: number;
}

// Authenticator data flags, WebAuthn Level 3 §6.1 "Authenticator Data". Backup eligibility and
// state (BE 0x08, BS 0x10) stay clear: these keys never leave the process, like a device-bound key.
const USER_PRESENT = 0x01;
const USER_VERIFIED = 0x04;
const ATTESTED_CREDENTIAL_DATA = 0x40;
const ES256 = -7;

const b64url = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');
const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest();

function u32(value: number): Buffer {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(value);
  return bytes;
}

/**
 * A software WebAuthn authenticator for tests: real ceremonies against a server that verifies
 * them with @simplewebauthn/server, no browser needed. It builds what an authenticator signs —
 * authenticator data (WebAuthn Level 3 §6.1: rpIdHash, flags, signCount, attested credential
 * data with a COSE_Key, §6.5.1) and a "none" attestation object (§8.7) — and signs assertions with
 * ECDSA P-256 over authenticatorData ‖ SHA-256(clientDataJSON) (§6.3.3). User verification is a
 * switch, so tests can present a response without the UV flag.
 */
export function createSoftwareAuthenticator(options: { aaguid?: Uint8Array } = {}): SoftwareAuthenticator {
  const aaguid = Buffer.from(options.aaguid ?? new Uint8Array(16));
  const stored: StoredCredential[] = [];

  function clientData(type: 'webauthn.create' | 'webauthn.get', challenge: string, origin: string): Buffer {
    return Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false }));
  }

  return {
    createCredential({ options: creation, origin, userVerified = true, userPresent = true }) {
      const rpId = creation.rp.id ?? new URL(origin).hostname;
      if (!creation.pubKeyCredParams.some((param) => param.alg === ES256))
        throw new Error('NotSupportedError: the authenticator only makes ES256 (-7) credentials.');
      const excluded = new Set((creation.excludeCredentials ?? []).map((credential) => credential.id));
      if (stored.some((credential) => credential.rpId === rpId && excluded.has(b64url(credential.id))))
        throw new Error('InvalidStateError: the authenticator already holds an excluded credential.');
      const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const jwk = publicKey.export({ format: 'jwk' });
      const coseKey = encodeCbor(
        new Map<number, number | Uint8Array>([
          [1, 2], // kty: EC2
          [3, ES256], // alg
          [-1, 1], // crv: P-256
          [-2, Buffer.from(jwk.x!, 'base64url')],
          [-3, Buffer.from(jwk.y!, 'base64url')],
        ]),
      );
      const credential: StoredCredential = {
        id: randomBytes(16),
        rpId,
        userHandle: Buffer.from(creation.user.id, 'base64url'),
        privateKey,
        signCount: 0,
      };
      const idLength = Buffer.alloc(2);
      idLength.writeUInt16BE(credential.id.length);
      const flags = (userPresent ? USER_PRESENT : 0) | (userVerified ? USER_VERIFIED : 0) | ATTESTED_CREDENTIAL_DATA;
      const authenticatorData = Buffer.concat([
        sha256(rpId),
        Buffer.of(flags),
        u32(credential.signCount),
        aaguid,
        idLength,
        credential.id,
        coseKey,
      ]);
      const attestationObject = encodeCbor(
        new Map<string, CborValue>([
          ['fmt', 'none'],
          ['attStmt', new Map()],
          ['authData', authenticatorData],
        ]),
      );
      stored.push(credential);
      return {
        id: b64url(credential.id),
        rawId: b64url(credential.id),
        type: 'public-key',
        authenticatorAttachment: 'platform',
        clientExtensionResults: {},
        response: {
          clientDataJSON: b64url(clientData('webauthn.create', creation.challenge, origin)),
          attestationObject: b64url(attestationObject),
          authenticatorData: b64url(authenticatorData),
          transports: ['internal'],
          publicKeyAlgorithm: ES256,
        },
      };
    },

    getAssertion({ options: request, origin, userVerified = true, credentialId }) {
      const rpId = request.rpId ?? new URL(origin).hostname;
      const allowed = (request.allowCredentials ?? []).map((credential) => credential.id);
      const candidates = stored.filter(
        (credential) =>
          credential.rpId === rpId &&
          (allowed.length === 0 || allowed.includes(b64url(credential.id))) &&
          (credentialId === undefined || b64url(credential.id) === credentialId),
      );
      const credential = candidates[0];
      if (!credential) throw new Error(`NotAllowedError: no credential for ${rpId} on this authenticator.`);
      credential.signCount += 1;
      const authenticatorData = Buffer.concat([
        sha256(rpId),
        Buffer.of(USER_PRESENT | (userVerified ? USER_VERIFIED : 0)),
        u32(credential.signCount),
      ]);
      const clientDataJson = clientData('webauthn.get', request.challenge, origin);
      const signature = sign(
        'sha256',
        Buffer.concat([authenticatorData, sha256(clientDataJson)]),
        credential.privateKey,
      );
      return {
        id: b64url(credential.id),
        rawId: b64url(credential.id),
        type: 'public-key',
        authenticatorAttachment: 'platform',
        clientExtensionResults: {},
        response: {
          clientDataJSON: b64url(clientDataJson),
          authenticatorData: b64url(authenticatorData),
          signature: b64url(signature),
          userHandle: b64url(credential.userHandle),
        },
      };
    },

    credentials() {
      return stored.map((credential) => ({
        id: b64url(credential.id),
        rpId: credential.rpId,
        userHandle: b64url(credential.userHandle),
        signCount: credential.signCount,
      }));
    },
    removeCredential(id) {
      const index = stored.findIndex((credential) => b64url(credential.id) === id);
      if (index >= 0) stored.splice(index, 1);
    },
  };
}
