import { passkey } from '@better-auth/passkey';
import { betterAuth } from 'better-auth';
import { APIError } from 'better-auth/api';
import type { AuditLog } from '../audit/create-audit-log.js';
import type { Principal, PrincipalResolver } from '../app/principal.js';
import type { TeamDatabase } from '../storage/open-team-database.js';
import type { UserStore } from '../users/create-user-store.js';
import type { EnrollmentStore } from './create-enrollment-store.js';
import type { IdentityProviderStore } from './sso/create-identity-provider-store.js';
import type { IdentityStore } from './sso/create-identity-store.js';
import { createOidcSignInClient } from './sso/create-oidc-sign-in-client.js';
import { createSsoMemberResolver } from './sso/resolve-sso-member.js';
import { teamSsoPlugin } from './sso/team-sso-plugin.js';

/** Where better-auth's routes live under the team server. */
export const AUTH_BASE_PATH = '/api/auth';

/** How long a signed-in browser stays signed in without using the app: seven days. */
const SESSION_SECONDS = 7 * 24 * 3600;

/** Options of {@link createTeamAuth}. */
export interface TeamAuthOptions {
  readonly database: TeamDatabase;
  /** The web app's public URL (`https://switchboard.example.com`); its host is the passkeys' RP ID. */
  readonly publicUrl: string;
  /** Signs cookies (see readAuthSecret). */
  readonly secret: string;
  readonly users: UserStore;
  readonly enrollments: EnrollmentStore;
  readonly identityProviders: IdentityProviderStore;
  readonly identities: IdentityStore;
  readonly auditLog: AuditLog;
  /** The fetch used to reach identity providers. */
  readonly fetch?: typeof globalThis.fetch;
}

/** The team's sign-in: better-auth with passkeys and SSO, and the principal of a session. */
export interface TeamAuth {
  /** better-auth's request handler (mounted under {@link AUTH_BASE_PATH}). */
  handler(request: Request): Promise<Response>;
  /** The member a session cookie belongs to, when the session is live and the member enabled. */
  resolvePrincipal: PrincipalResolver;
}

/** Which sign-in created a session, by the route that created it. */
function methodOfPath(path: string | undefined): 'passkey' | 'sso' | undefined {
  if (path === '/passkey/verify-authentication' || path === '/passkey/verify-registration') return 'passkey';
  if (path === '/sso/callback') return 'sso';
  return undefined;
}

/**
 * better-auth 1.7 over the team database (its `auth_*` tables, migration 0008), with the passkey
 * plugin and our OIDC plugin. Passkeys are discoverable credentials with user verification
 * required (checked on the signed data, not only asked for); a member's first passkey comes
 * through their enrollment link. Sessions are created only for enabled members, and carry how
 * they were signed in. better-auth's own rate limiter (per process memory) is off: the team
 * server limits sign-in in its database, shared by every instance.
 */
export function createTeamAuth(options: TeamAuthOptions): TeamAuth {
  const { database, users, enrollments, auditLog } = options;
  const publicUrl = new URL(options.publicUrl);
  const rejectUnverified = (userVerified: boolean | undefined) => {
    if (!userVerified) throw new APIError('UNAUTHORIZED', { message: 'The authenticator did not verify the user.' });
  };

  const auth = betterAuth({
    appName: 'Switchboard',
    baseURL: publicUrl.origin,
    basePath: AUTH_BASE_PATH,
    secret: options.secret,
    database: { db: database.db, type: database.kind === 'postgres' ? 'postgres' : 'sqlite' },
    user: { modelName: 'auth_user' },
    session: {
      modelName: 'auth_session',
      expiresIn: SESSION_SECONDS,
      additionalFields: { signInMethod: { type: 'string', required: false, input: false } },
    },
    account: { modelName: 'auth_account' },
    verification: { modelName: 'auth_verification' },
    trustedOrigins: [publicUrl.origin],
    emailAndPassword: { enabled: false },
    rateLimit: { enabled: false },
    telemetry: { enabled: false },
    // Its logger would print request details; failures reach the audit log instead.
    logger: { disabled: true },
    advanced: {
      cookiePrefix: 'sb',
      useSecureCookies: publicUrl.protocol === 'https:',
      defaultCookieAttributes: { httpOnly: true, sameSite: 'lax' },
    },
    databaseHooks: {
      session: {
        create: {
          async before(session, context) {
            const member = await users.get(session.userId);
            if (!member || member.disabled) return false;
            const method = (session as { signInMethod?: unknown }).signInMethod ?? methodOfPath(context?.path);
            return { data: { ...session, signInMethod: method ?? 'passkey' } };
          },
        },
      },
    },
    plugins: [
      passkey({
        rpID: publicUrl.hostname,
        rpName: 'Switchboard',
        origin: publicUrl.origin,
        authenticatorSelection: { residentKey: 'required', requireResidentKey: true, userVerification: 'required' },
        schema: { passkey: { modelName: 'auth_passkey' } },
        registration: {
          // Signed-in members add passkeys; a new member's first one comes with their enrollment link.
          requireSession: false,
          async resolveUser({ context }) {
            const enrollment = context ? await enrollments.peek(context) : undefined;
            const member = enrollment ? await users.get(enrollment.userId) : undefined;
            if (!member || member.disabled) throw new APIError('UNAUTHORIZED', { message: 'Sign in to continue.' });
            const name = member.email ?? member.id;
            return { id: member.id, name, displayName: name };
          },
          async afterVerification({ verification, user, context }) {
            rejectUnverified(verification.registrationInfo?.userVerified);
            if (context) {
              const enrollment = await enrollments.peek(context);
              if (enrollment?.userId === user.id) {
                const used = await enrollments.consume(context);
                if (used?.userId !== user.id)
                  throw new APIError('UNAUTHORIZED', { message: 'This enrollment link was used already.' });
              }
            }
            return { userId: user.id };
          },
        },
        authentication: {
          afterVerification: ({ verification }) => rejectUnverified(verification.authenticationInfo.userVerified),
        },
      }),
      teamSsoPlugin({
        providers: options.identityProviders,
        oidc: createOidcSignInClient({
          providers: options.identityProviders,
          ...(options.fetch ? { fetch: options.fetch } : {}),
        }),
        resolveMember: createSsoMemberResolver({
          db: database.db,
          identities: options.identities,
          users,
          enrollments,
          auditLog,
        }),
        auditLog,
      }),
    ],
  });

  return {
    handler: (request) => auth.handler(request),
    async resolvePrincipal(request): Promise<Principal | undefined> {
      // Cheap for cookie-less callers (API keys, anonymous): no database round trip.
      if (!request.headers.get('cookie')?.includes('session_token')) return undefined;
      const found = await auth.api.getSession({ headers: request.headers });
      if (!found) return undefined;
      const member = await users.get(found.user.id);
      if (!member || member.disabled) return undefined;
      const method = (found.session as { signInMethod?: unknown }).signInMethod === 'sso' ? 'sso' : 'passkey';
      return { userId: member.id, role: member.role, method };
    },
  };
}
