import { generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HostMapping } from '../upstreams/create-host-mapping-fetch.js';
import { checkServiceAccountAssertion, JWT_BEARER_GRANT, type TokenRefusal } from './google-token-rules.js';

/** Options of {@link startFakeGoogleAuth}. */
export interface FakeGoogleAuthOptions {
  /** `expires_in` of every token (default 3599, as Google answers). */
  tokenLifetimeSeconds?: number;
  /** Seconds since the epoch, for the assertion's `iat`/`exp` checks (default: the clock). */
  nowSeconds?: () => number;
}

/** A service account the fake knows, and its key file as Google's console downloads it. */
export interface FakeServiceAccount {
  clientEmail: string;
  projectId: string;
  /** The JSON key file's text (holds the private key). */
  keyFile: string;
  privateKeyPem: string;
}

/** One request to the token endpoint or the metadata server. */
export interface FakeGoogleAuthRequest {
  kind: 'jwt-bearer' | 'refresh_token' | 'metadata' | 'other';
  path: string;
  /** The refusal sent, if any. */
  refusal?: TokenRefusal;
  /** The account a token was issued to. */
  account?: string;
}

/** A fake of Google's OAuth token endpoint (oauth2.googleapis.com) and a GCE metadata server. */
export interface FakeGoogleAuth {
  /** `http://127.0.0.1:PORT`: `POST /token` is the token endpoint. */
  url: string;
  /** For `GCE_METADATA_HOST` (`127.0.0.1:PORT`); the metadata paths answer once {@link enableMetadataServer} ran. */
  metadataHost: string;
  /** Maps `oauth2.googleapis.com` here, for testkit's host-mapping fetch. */
  mapping: HostMapping;
  createServiceAccount(options?: { name?: string; projectId?: string }): FakeServiceAccount;
  /** An `authorized_user` ADC file, as `gcloud auth application-default login` writes it. */
  createAuthorizedUser(options?: { quotaProjectId?: string }): { adcFile: string; refreshToken: string };
  /** Makes the metadata paths answer as an instance running as `serviceAccount`. */
  enableMetadataServer(serviceAccount: { clientEmail: string; projectId: string }): void;
  /** True for an access token this fake issued (and that has not expired). */
  isIssued(token: string): boolean;
  /** Forgets every issued token: what a revoked key or deleted account looks like upstream. */
  revokeAll(): void;
  requests(): FakeGoogleAuthRequest[];
  close(): Promise<void>;
}

const FAKE_CLIENT_ID = '764086051850-6qr4p6gpi6hn506pt8ejuq83di341hur.apps.googleusercontent.com';

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Starts the fake on 127.0.0.1. The token endpoint takes only what Google's does for these
 * credentials: the JWT-bearer grant with an assertion signed by a known service account's key
 * (rules in google-token-rules.ts), and the refresh_token grant of a known authorized user with
 * its own client id and secret; `client_credentials` is refused as Google refuses it. The
 * metadata server answers only requests carrying `Metadata-Flavor: Google` and no
 * `X-Forwarded-For`, with `Metadata-Flavor: Google` on its answers
 * (https://cloud.google.com/compute/docs/metadata/querying-metadata; gcp-metadata checks the
 * response header before it trusts the server).
 */
export async function startFakeGoogleAuth(options: FakeGoogleAuthOptions = {}): Promise<FakeGoogleAuth> {
  const lifetime = options.tokenLifetimeSeconds ?? 3599;
  const nowSeconds = options.nowSeconds ?? (() => Math.floor(Date.now() / 1000));
  const publicKeys = new Map<string, KeyObject>();
  const users = new Map<string, { clientId: string; clientSecret: string }>();
  const issued = new Map<string, number>();
  const log: FakeGoogleAuthRequest[] = [];
  let instance: { clientEmail: string; projectId: string } | undefined;

  const issue = (account: string) => {
    const token = `ya29.fake-${randomBytes(18).toString('base64url')}`;
    issued.set(token, nowSeconds() + lifetime);
    return { token, account };
  };
  const json = (response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
    response.end(JSON.stringify(body));
  };

  const answerToken = async (request: IncomingMessage, response: ServerResponse, path: string) => {
    const form = new URLSearchParams(await readBody(request));
    const grant = form.get('grant_type');
    const refuseWith = (kind: FakeGoogleAuthRequest['kind'], refusal: TokenRefusal) => {
      log.push({ kind, path, refusal });
      json(response, refusal.status, { error: refusal.error, error_description: refusal.description });
    };
    const grantToken = (kind: FakeGoogleAuthRequest['kind'], account: string) => {
      const { token } = issue(account);
      log.push({ kind, path, account });
      json(response, 200, { access_token: token, expires_in: lifetime, token_type: 'Bearer' });
    };
    if (grant === JWT_BEARER_GRANT) {
      const checked = checkServiceAccountAssertion(
        form.get('assertion') ?? '',
        (email) => publicKeys.get(email),
        nowSeconds(),
      );
      if ('error' in checked) return refuseWith('jwt-bearer', checked);
      return grantToken('jwt-bearer', checked.clientEmail);
    }
    if (grant === 'refresh_token') {
      const user = users.get(form.get('refresh_token') ?? '');
      if (!user)
        return refuseWith('refresh_token', { status: 400, error: 'invalid_grant', description: 'Bad Request' });
      if (form.get('client_id') !== user.clientId || form.get('client_secret') !== user.clientSecret)
        return refuseWith('refresh_token', { status: 401, error: 'invalid_client', description: 'Unauthorized' });
      return grantToken('refresh_token', 'authorized user');
    }
    // Google's endpoint has no client_credentials grant (nor any other for these clients).
    return refuseWith('other', {
      status: 400,
      error: 'unsupported_grant_type',
      description: `Invalid grant_type: ${grant ?? ''}`,
    });
  };

  const answerMetadata = (request: IncomingMessage, response: ServerResponse, path: string) => {
    const headers = { 'metadata-flavor': 'Google' };
    const text = (status: number, body: string) => {
      response.writeHead(status, { 'content-type': 'application/text', ...headers });
      response.end(body);
    };
    if (request.headers['metadata-flavor'] !== 'Google' || request.headers['x-forwarded-for'] !== undefined) {
      log.push({
        kind: 'metadata',
        path,
        refusal: { status: 403, error: 'forbidden', description: 'Missing Metadata-Flavor:Google header.' },
      });
      return text(403, 'Missing Metadata-Flavor:Google header.');
    }
    log.push({ kind: 'metadata', path });
    if (!instance) return text(404, 'Not Found');
    const account = '/computeMetadata/v1/instance/service-accounts/default';
    if (path === '/computeMetadata/v1/instance' || path === '/computeMetadata/v1/instance/')
      return text(200, 'attributes/\nhostname\nid\n');
    if (path === '/computeMetadata/v1/project/project-id') return text(200, instance.projectId);
    if (path === `${account}/email`) return text(200, instance.clientEmail);
    if (path === `${account}/token`) {
      const { token } = issue(instance.clientEmail);
      return json(response, 200, { access_token: token, expires_in: lifetime, token_type: 'Bearer' }, headers);
    }
    return text(404, 'Not Found');
  };

  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://fake').pathname;
    if (path.startsWith('/computeMetadata/')) return answerMetadata(request, response, path);
    if (request.method === 'POST' && path === '/token') {
      void answerToken(request, response, path).catch(() => json(response, 500, { error: 'internal_failure' }));
      return;
    }
    log.push({ kind: 'other', path });
    json(response, 404, { error: 'not_found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  return {
    url,
    metadataHost: `127.0.0.1:${port}`,
    mapping: { hosts: /^oauth2\.googleapis\.com$/, target: url },
    createServiceAccount({ name = 'switchboard-test', projectId = 'fake-project' } = {}) {
      const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const clientEmail = `${name}@${projectId}.iam.gserviceaccount.com`;
      publicKeys.set(clientEmail, publicKey);
      const privateKeyPem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
      const keyFile = JSON.stringify(
        {
          type: 'service_account',
          project_id: projectId,
          private_key_id: randomBytes(20).toString('hex'),
          private_key: privateKeyPem,
          client_email: clientEmail,
          client_id: String(100000000000000000000n + BigInt(publicKeys.size)),
          auth_uri: 'https://accounts.google.com/o/oauth2/auth',
          token_uri: 'https://oauth2.googleapis.com/token',
          auth_provider_x509_cert_url: 'https://www.googleapis.com/oauth2/v1/certs',
          universe_domain: 'googleapis.com',
        },
        null,
        2,
      );
      return { clientEmail, projectId, keyFile, privateKeyPem };
    },
    createAuthorizedUser({ quotaProjectId } = {}) {
      const refreshToken = `1//fake-${randomBytes(24).toString('base64url')}`;
      const clientSecret = `d-FL95Q19q7MQmFpd7hHD0Ty-${randomBytes(4).toString('hex')}`;
      users.set(refreshToken, { clientId: FAKE_CLIENT_ID, clientSecret });
      const adcFile = JSON.stringify({
        account: '',
        client_id: FAKE_CLIENT_ID,
        client_secret: clientSecret,
        ...(quotaProjectId ? { quota_project_id: quotaProjectId } : {}),
        refresh_token: refreshToken,
        type: 'authorized_user',
        universe_domain: 'googleapis.com',
      });
      return { adcFile, refreshToken };
    },
    enableMetadataServer(serviceAccount) {
      instance = serviceAccount;
    },
    isIssued(token) {
      const expiry = issued.get(token);
      return expiry !== undefined && expiry > nowSeconds();
    },
    revokeAll() {
      issued.clear();
    },
    requests: () => [...log],
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
