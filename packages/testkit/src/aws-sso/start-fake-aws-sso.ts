import { createHash, randomBytes } from 'node:crypto';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** An IAM Identity Center (SSO) login as `aws sso login` leaves it: a cached access token. */
export interface FakeSsoLogin {
  /** The `[profile NAME]` section for ~/.aws/config (legacy `sso_start_url` form). */
  configSection: string;
  /** The cache file's name under ~/.aws/sso/cache (the SHA-1 of the start URL, as the SDK computes it). */
  cacheFileName: string;
  /** The cache file's JSON. */
  cacheFile: string;
}

/** Options of {@link startFakeAwsSso}. */
export interface FakeAwsSsoOptions {
  /**
   * Secret keys of the credentials this portal hands out are added here, so a fake Bedrock given
   * the same object (`awsSecretAccessKeys`) checks signatures made with them.
   */
  secrets: Record<string, string>;
  /** Lifetime of role credentials, seconds (default 3600). */
  credentialsLifetimeSeconds?: number;
}

/** The SSO portal (portal.sso.{region}.amazonaws.com) in miniature. */
export interface FakeAwsSso {
  url: string;
  port: number;
  /** Registers a login: a token the portal accepts for `accountId`/`roleName` (expired with `expired`). */
  login(options: {
    profile: string;
    accountId?: string;
    roleName?: string;
    region?: string;
    expired?: boolean;
  }): FakeSsoLogin;
  /** Every GetRoleCredentials call: the role asked for and whether it was answered. */
  calls(): { accountId: string | null; roleName: string | null; status: number }[];
  close(): Promise<void>;
}

function json(response: ServerResponse, status: number, body: unknown, type?: string): void {
  response.writeHead(status, {
    'content-type': 'application/json',
    'x-amzn-requestid': randomBytes(16).toString('hex'),
    ...(type ? { 'x-amzn-errortype': type } : {}),
  });
  response.end(JSON.stringify(body));
}

/**
 * GetRoleCredentials (https://docs.aws.amazon.com/singlesignon/latest/PortalAPIReference/API_GetRoleCredentials.html):
 * `GET /federation/credentials?account_id=…&role_name=…` with the cached token in
 * `x-amz-sso_bearer_token`. An unknown or missing token is 401 UnauthorizedException, a role
 * the login was not granted 403 ForbiddenException, as the real portal answers.
 */
export async function startFakeAwsSso(options: FakeAwsSsoOptions): Promise<FakeAwsSso> {
  const lifetime = options.credentialsLifetimeSeconds ?? 3600;
  const tokens = new Map<string, { accountId: string; roleName: string }>();
  const calls: { accountId: string | null; roleName: string | null; status: number }[] = [];
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://portal');
    const accountId = url.searchParams.get('account_id');
    const roleName = url.searchParams.get('role_name');
    const answer = (status: number, body: unknown, type?: string) => {
      calls.push({ accountId, roleName, status });
      json(response, status, body, type);
    };
    if (request.method !== 'GET' || url.pathname !== '/federation/credentials')
      return answer(404, { message: 'Not Found' }, 'ResourceNotFoundException');
    const token = request.headers['x-amz-sso_bearer_token'];
    const grant = typeof token === 'string' ? tokens.get(token) : undefined;
    if (!grant) return answer(401, { message: 'Session token not found or invalid' }, 'UnauthorizedException');
    if (grant.accountId !== accountId || grant.roleName !== roleName)
      return answer(403, { message: 'No access' }, 'ForbiddenException');
    const accessKeyId = `ASIA${randomBytes(8).toString('hex').toUpperCase()}`;
    const secretAccessKey = `sso-secret-${randomBytes(16).toString('base64url')}`;
    options.secrets[accessKeyId] = secretAccessKey;
    return answer(200, {
      roleCredentials: {
        accessKeyId,
        secretAccessKey,
        sessionToken: `sso-session-${randomBytes(24).toString('base64url')}`,
        expiration: Date.now() + lifetime * 1000,
      },
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    login({ profile, accountId = '111122223333', roleName = 'BedrockUser', region = 'us-east-1', expired = false }) {
      const accessToken = `aoa-fake-${randomBytes(24).toString('base64url')}`;
      if (!expired) tokens.set(accessToken, { accountId, roleName });
      const startUrl = `https://${profile}-fake.awsapps.com/start`;
      return {
        configSection: [
          `[profile ${profile}]`,
          `sso_start_url = ${startUrl}`,
          `sso_region = ${region}`,
          `sso_account_id = ${accountId}`,
          `sso_role_name = ${roleName}`,
          '',
        ].join('\n'),
        cacheFileName: `${createHash('sha1').update(startUrl).digest('hex')}.json`,
        cacheFile: JSON.stringify({
          startUrl,
          region,
          accessToken,
          expiresAt: new Date(Date.now() + (expired ? -3600_000 : 3600_000)).toISOString().replace(/\.\d{3}Z$/, 'Z'),
        }),
      };
    },
    calls: () => [...calls],
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
