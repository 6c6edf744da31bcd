import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { approveDevice, answerDeviceTokenRequest, answerUserCodeRequest } from './answer-device-requests.js';
import { answerTokenRequest, type JsonAnswer } from './answer-token-request.js';
import { checkAuthorizationRequest, type AcceptedAuthorization } from './check-authorization-request.js';
import { deviceApprovedPage, devicePage, errorPage, loginPage } from './chatgpt-pages.js';
import { createGrantStore, randomToken } from './chatgpt-grants.js';
import { expiryOf } from './issue-chatgpt-tokens.js';
import { createJwtSigner } from './sign-jwt.js';
import type { ChatGptAuthFault, ChatGptAuthServer, ChatGptAuthServerOptions, RefusedRequest } from './types.js';

/** The Codex CLI's public client id (codex-rs/login/src/auth/manager.rs CLIENT_ID). */
const CODEX_CLIENT_ID = 'app_EMoamEEZ73f0CkXaXp7hrann';
const CODE_TTL_MS = 10 * 60_000;
const MAX_BODY_BYTES = 64 * 1024;

/**
 * Starts a fake of auth.openai.com on 127.0.0.1 (random port) that refuses what the real
 * server refuses for the Codex CLI's client: the exact localhost redirect allow-list, PKCE
 * S256, single-use codes bound to their redirect_uri, rotating refresh tokens whose reuse
 * ends the grant, refresh errors as OpenAI error objects, and the Codex device protocol.
 * Each rule cites its source where it is checked (check-authorization-request.ts,
 * answer-token-request.ts, answer-device-requests.ts).
 */
export async function startChatGptAuthServer(options: ChatGptAuthServerOptions = {}): Promise<ChatGptAuthServer> {
  const clientId = options.clientId ?? CODEX_CLIENT_ID;
  const redirectUris = (options.redirectPorts ?? [1455, 1457]).map((port) => `http://localhost:${port}/auth/callback`);
  const store = createGrantStore();
  const signer = createJwtSigner();
  const now = Date.now;
  const counters = { authorization_code: 0, refresh_token: 0, device: 0 };
  const authorizationRequests: URLSearchParams[] = [];
  const refused: RefusedRequest[] = [];
  const transactions = new Map<string, AcceptedAuthorization>();
  const hung = new Set<ServerResponse>();
  let fault: ChatGptAuthFault = 'none';

  const server = createServer((request, response) => {
    handle(request, response).catch(() => {
      if (!response.headersSent) sendJson(response, { status: 500, body: { error: 'server_error' } });
      else response.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const issuer = `http://127.0.0.1:${port}`;
  const tokenContext = {
    issuer,
    clientId,
    plan: options.plan ?? 'plus',
    accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 3600,
    refreshTokenTtlSeconds: options.refreshTokenTtlSeconds ?? 30 * 24 * 3600,
    signer,
    store,
    now,
    counters,
  };
  const deviceContext = {
    issuer,
    clientId,
    intervalSeconds: options.deviceIntervalSeconds ?? 1,
    store,
    now,
    counters,
  };

  function answer(response: ServerResponse, endpoint: string, result: JsonAnswer): void {
    if (result.rule && result.status >= 400) refused.push({ endpoint, rule: result.rule });
    sendJson(response, result);
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', issuer);
    const route = `${request.method ?? 'GET'} ${url.pathname}`;
    switch (route) {
      case 'GET /oauth/authorize': {
        authorizationRequests.push(new URLSearchParams(url.searchParams));
        const checked = checkAuthorizationRequest(url.searchParams, { clientId, redirectUris });
        if ('error' in checked) {
          refused.push({ endpoint: '/oauth/authorize', rule: checked.rule });
          if (checked.answer === 'page' || !checked.redirectUri) {
            sendHtml(response, 400, errorPage(checked.error, checked.description));
            return;
          }
          redirect(response, checked.redirectUri, {
            error: checked.error,
            error_description: checked.description,
            ...(checked.state ? { state: checked.state } : {}),
          });
          return;
        }
        const transaction = randomToken(16);
        transactions.set(transaction, checked);
        sendHtml(response, 200, loginPage(transaction));
        return;
      }
      case 'POST /oauth/authorize/login': {
        const form = new URLSearchParams(await readBody(request));
        const pending = transactions.get(form.get('transaction') ?? '');
        const login = form.get('login') ?? '';
        if (!pending || !login) {
          sendHtml(response, 400, errorPage('invalid_request', 'This sign-in has expired. Start again.'));
          return;
        }
        transactions.delete(form.get('transaction') ?? '');
        const grant = store.newGrant(login, pending.scope);
        const code = store.issueCode({
          grant,
          redirectUri: pending.redirectUri,
          codeChallenge: pending.codeChallenge,
          expiresAt: now() + CODE_TTL_MS,
        });
        redirect(response, pending.redirectUri, { code, state: pending.state });
        return;
      }
      case 'GET /oauth/authorize/abort': {
        const transaction = url.searchParams.get('transaction') ?? '';
        const pending = transactions.get(transaction);
        transactions.delete(transaction);
        if (!pending) sendHtml(response, 400, errorPage('invalid_request', 'Nothing to cancel.'));
        else redirect(response, pending.redirectUri, { error: 'access_denied', state: pending.state });
        return;
      }
      case 'POST /oauth/token': {
        const body = await readBody(request);
        if (fault === 'token-500') {
          sendJson(response, { status: 500, body: { error: 'server_error' } });
          return;
        }
        if (fault === 'token-hang') {
          hung.add(response);
          response.once('close', () => hung.delete(response));
          return;
        }
        answer(response, '/oauth/token', answerTokenRequest(parseParameters(request, body), tokenContext));
        return;
      }
      case 'POST /oauth/revoke': {
        const parameters = parseParameters(request, await readBody(request));
        const token = parameters.token ?? '';
        const grant =
          store.refreshToken(token)?.grant ?? store.allGrants().find((candidate) => candidate.accessTokens.has(token));
        if (grant) store.end(grant, 'refresh_token_invalidated');
        sendJson(response, { status: 200, body: {} });
        return;
      }
      case 'POST /api/accounts/deviceauth/usercode':
        answer(
          response,
          '/api/accounts/deviceauth/usercode',
          answerUserCodeRequest(await readJson(request), deviceContext),
        );
        return;
      case 'POST /api/accounts/deviceauth/token':
        answer(
          response,
          '/api/accounts/deviceauth/token',
          answerDeviceTokenRequest(await readJson(request), deviceContext),
        );
        return;
      case 'GET /codex/device':
        sendHtml(response, 200, devicePage());
        return;
      case 'POST /codex/device': {
        const form = new URLSearchParams(await readBody(request));
        const approved = approveDevice(form.get('user_code') ?? '', form.get('login') || 'user', deviceContext);
        sendHtml(
          response,
          approved ? 200 : 400,
          approved ? deviceApprovedPage() : devicePage('Unknown or expired code.'),
        );
        return;
      }
      case 'GET /.well-known/jwks.json':
        sendJson(response, { status: 200, body: { keys: [signer.publicJwk] } });
        return;
      default:
        sendJson(response, { status: 404, body: { error: 'not_found' } });
    }
  }

  return {
    issuer,
    port,
    clientId,
    redirectUris,
    authorizationRequests: () => authorizationRequests.map((parameters) => new URLSearchParams(parameters)),
    refused: () => [...refused],
    grantsServed: () => ({ ...counters }),
    issuedSecrets: () => store.secrets(),
    isTokenActive(token) {
      const refresh = store.refreshToken(token);
      if (refresh) return refresh.grant.alive && !refresh.rotated && refresh.expiresAt > now();
      return store.allGrants().some((grant) => grant.alive && grant.accessTokens.has(token)) && expiryOf(token) > now();
    },
    approveDevice(code, login = 'user') {
      if (!approveDevice(code, login, deviceContext)) throw new Error('no pending device authorization with that code');
    },
    expireRefreshTokens() {
      for (const token of store.allRefreshTokens()) token.expiresAt = 0;
    },
    invalidateAllGrants() {
      for (const grant of store.allGrants()) store.end(grant, 'refresh_token_invalidated');
    },
    setFault(next) {
      fault = next;
    },
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const response of hung) response.destroy();
      server.closeAllConnections();
      await closed;
    },
  };
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => {
      body += chunk;
      if (body.length > MAX_BODY_BYTES) request.destroy(new Error('body too large'));
    });
    request.on('end', () => resolve(body));
    request.on('error', reject);
  });
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const body = await readBody(request);
  if (!/application\/json/i.test(request.headers['content-type'] ?? '')) return undefined;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

/** Token endpoint parameters: form-encoded (RFC 6749), or JSON as the Codex CLI refreshes. */
function parseParameters(request: IncomingMessage, body: string): Record<string, string> {
  if (/application\/json/i.test(request.headers['content-type'] ?? '')) {
    try {
      const parsed = JSON.parse(body) as Record<string, unknown>;
      return Object.fromEntries(
        Object.entries(parsed).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
      );
    } catch {
      return {};
    }
  }
  return Object.fromEntries(new URLSearchParams(body));
}

function sendJson(response: ServerResponse, result: JsonAnswer): void {
  response.writeHead(result.status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  response.end(JSON.stringify(result.body));
}

function sendHtml(response: ServerResponse, status: number, html: string): void {
  response.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  response.end(html);
}

function redirect(response: ServerResponse, target: string, parameters: Record<string, string>): void {
  const url = new URL(target);
  for (const [name, value] of Object.entries(parameters)) url.searchParams.set(name, value);
  response.writeHead(302, { location: url.href, 'cache-control': 'no-store' });
  response.end();
}
