import { randomToken, s256, userCode, type GrantStore } from './chatgpt-grants.js';
import type { JsonAnswer } from './answer-token-request.js';

/** What the device endpoints need. */
export interface DeviceContext {
  issuer: string;
  clientId: string;
  intervalSeconds: number;
  store: GrantStore;
  now: () => number;
  counters: { device: number };
}

/** The Codex CLI says the code "expires in 15 minutes" and stops polling then. */
const DEVICE_TTL_MS = 15 * 60_000;
const CODE_TTL_MS = 10 * 60_000;

/**
 * `POST /api/accounts/deviceauth/usercode` with a JSON `{client_id}` (the only shape the
 * Codex CLI sends: codex-rs/login/src/device_code_auth.rs `UserCodeReq`) →
 * `{device_auth_id, user_code, interval}`, the interval a string (the CLI parses it with
 * `deserialize_interval`).
 */
export function answerUserCodeRequest(body: unknown, context: DeviceContext): JsonAnswer {
  const request = asObject(body);
  if (!request) return jsonRequired('deviceauth/usercode');
  if (request.client_id !== context.clientId) {
    return { status: 400, body: { error: { message: 'Unknown client.', code: 'invalid_client' } }, rule: 'client_id' };
  }
  const device = {
    deviceAuthId: `deviceauth_${randomToken(16)}`,
    userCode: userCode(),
    expiresAt: context.now() + DEVICE_TTL_MS,
    delivered: false,
  };
  context.store.addDevice(device);
  return {
    status: 200,
    body: {
      device_auth_id: device.deviceAuthId,
      user_code: device.userCode,
      interval: String(context.intervalSeconds),
    },
  };
}

/**
 * `POST /api/accounts/deviceauth/token` with JSON `{device_auth_id, user_code}`: 403 while
 * the user has not approved (the CLI treats 403 and 404 as "pending", device_code_auth.rs
 * `poll_for_token`), 404 for an unknown, expired or already delivered authorization, and
 * once approved `{authorization_code, code_challenge, code_verifier}`: a PKCE pair the
 * server made, the code bound to `{issuer}/deviceauth/callback`.
 */
export function answerDeviceTokenRequest(body: unknown, context: DeviceContext): JsonAnswer {
  const request = asObject(body);
  if (!request) return jsonRequired('deviceauth/token');
  const device = typeof request.device_auth_id === 'string' ? context.store.device(request.device_auth_id) : undefined;
  if (!device || device.userCode !== request.user_code || device.delivered || device.expiresAt <= context.now()) {
    return { status: 404, body: { error: { message: 'Device authorization not found.', code: 'not_found' } } };
  }
  if (!device.approvedBy) {
    return {
      status: 403,
      body: { error: { message: 'Device authorization is pending.', code: 'deviceauth_authorization_pending' } },
    };
  }
  device.delivered = true;
  const codeVerifier = randomToken(64);
  context.store.noteSecret(codeVerifier);
  const codeChallenge = s256(codeVerifier);
  const grant = context.store.newGrant(device.approvedBy, 'openid profile email offline_access');
  const authorizationCode = context.store.issueCode({
    grant,
    redirectUri: `${context.issuer}/deviceauth/callback`,
    codeChallenge,
    expiresAt: context.now() + CODE_TTL_MS,
  });
  context.counters.device += 1;
  return {
    status: 200,
    body: { authorization_code: authorizationCode, code_challenge: codeChallenge, code_verifier: codeVerifier },
  };
}

/** Approves the device whose user code the person typed; false when there is none pending. */
export function approveDevice(code: string, login: string, context: DeviceContext): boolean {
  const device = context.store.deviceByUserCode(code.trim().toUpperCase());
  if (!device || device.delivered || device.expiresAt <= context.now()) return false;
  device.approvedBy = login;
  return true;
}

function asObject(body: unknown): Record<string, unknown> | undefined {
  return body !== null && typeof body === 'object' && !Array.isArray(body)
    ? (body as Record<string, unknown>)
    : undefined;
}

function jsonRequired(endpoint: string): JsonAnswer {
  return {
    status: 400,
    body: { error: { message: 'Expected a JSON body.', code: 'invalid_request' } },
    rule: `${endpoint} takes JSON`,
  };
}
