import { createHash, randomBytes } from 'node:crypto';

/** One sign-in: its refresh tokens rotate; re-using a rotated one ends it. */
export interface Grant {
  id: string;
  login: string;
  scope: string;
  alive: boolean;
  /** Why it ended, answered to the next refresh attempt. */
  endedBy?: 'refresh_token_reused' | 'refresh_token_invalidated';
  accessTokens: Set<string>;
}

/** An authorization code: single use, bound to its redirect_uri and PKCE challenge. */
export interface IssuedCode {
  grant: Grant;
  redirectUri: string;
  codeChallenge: string;
  expiresAt: number;
  used: boolean;
}

/** A refresh token and where it stands. */
export interface IssuedRefreshToken {
  grant: Grant;
  expiresAt: number;
  /** Set once it was exchanged: using it again is reuse. */
  rotated: boolean;
}

/** A device sign-in in progress (the Codex protocol). */
export interface DeviceAuthorization {
  deviceAuthId: string;
  userCode: string;
  expiresAt: number;
  approvedBy?: string;
  delivered: boolean;
}

/** Random URL-safe text of `bytes` random bytes. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** BASE64URL(SHA256(verifier)), the PKCE S256 challenge (RFC 7636 §4.2). */
export function s256(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

/** A user code as people type it: 4+4 letters and digits without look-alikes. */
export function userCode(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(8);
  const chars = [...bytes].map((byte) => alphabet[byte % alphabet.length]);
  return `${chars.slice(0, 4).join('')}-${chars.slice(4).join('')}`;
}

/** Every piece of state of the fake, in memory. */
export function createGrantStore() {
  const grants = new Map<string, Grant>();
  const codes = new Map<string, IssuedCode>();
  const refreshTokens = new Map<string, IssuedRefreshToken>();
  const devices = new Map<string, DeviceAuthorization>();
  const secrets = new Set<string>();
  return {
    /** Remembers a secret the server handed out, for leak checks. */
    noteSecret(value: string): void {
      secrets.add(value);
    },
    secrets: () => [...secrets],
    newGrant(login: string, scope: string): Grant {
      const grant: Grant = { id: randomToken(12), login, scope, alive: true, accessTokens: new Set() };
      grants.set(grant.id, grant);
      return grant;
    },
    issueCode(code: Omit<IssuedCode, 'used'>): string {
      const value = randomToken();
      codes.set(value, { ...code, used: false });
      secrets.add(value);
      return value;
    },
    code: (value: string) => codes.get(value),
    issueRefreshToken(grant: Grant, expiresAt: number): string {
      const value = `rt_${randomToken()}`;
      refreshTokens.set(value, { grant, expiresAt, rotated: false });
      secrets.add(value);
      return value;
    },
    refreshToken: (value: string) => refreshTokens.get(value),
    /** Ends a grant; its access tokens die with it. */
    end(grant: Grant, reason: NonNullable<Grant['endedBy']>): void {
      grant.alive = false;
      grant.endedBy ??= reason;
      grant.accessTokens.clear();
    },
    allGrants: () => [...grants.values()],
    allRefreshTokens: () => [...refreshTokens.values()],
    addDevice(device: DeviceAuthorization): void {
      devices.set(device.deviceAuthId, device);
      secrets.add(device.deviceAuthId);
    },
    device: (deviceAuthId: string) => devices.get(deviceAuthId),
    deviceByUserCode: (code: string) => [...devices.values()].find((device) => device.userCode === code),
  };
}

/** The store {@link createGrantStore} makes. */
export type GrantStore = ReturnType<typeof createGrantStore>;
