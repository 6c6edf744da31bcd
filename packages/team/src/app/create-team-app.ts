import { SwitchboardError } from '@switchboard/core';
import { httpStatusFor } from '@switchboard/server';
import { Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { createAuditLog } from '../audit/create-audit-log.js';
import type { AuditLog } from '../audit/create-audit-log.js';
import { registerAuditRoutes } from '../audit/register-audit-routes.js';
import { createPolicyStore } from '../policy/create-policy-store.js';
import type { PolicyStore } from '../policy/create-policy-store.js';
import { registerPolicyRoutes } from '../policy/register-policy-routes.js';
import type { CredentialStore } from '../credentials/create-credential-store.js';
import { createCredentialChecker, type CredentialChecker } from '../credentials/create-credential-checker.js';
import { registerCredentialRoutes } from '../credentials/register-credential-routes.js';
import { createProviderRegistry, resolveConfig, type Catalog, type Runtime } from '@switchboard/core';
import { registerAuthRoutes } from '../auth/register-auth-routes.js';
import { registerEnrollmentRoutes } from '../auth/register-enrollment-routes.js';
import { registerIdentityRoutes } from '../auth/register-identity-routes.js';
import {
  createIdentityProviderChecker,
  registerIdentityProviderRoutes,
} from '../auth/sso/register-identity-provider-routes.js';
import { createSignIn, type SignInOptions } from '../auth/create-sign-in.js';
import { registerCatalogRoutes } from '../catalog/register-catalog-routes.js';
import { registerProviderRoutes } from '../catalog/register-provider-routes.js';
import { createSharedChatStreams } from '../chat/create-shared-chat-streams.js';
import { createConversationStore } from '../chat/create-conversation-store.js';
import { registerChatRoutes } from '../chat/register-chat-routes.js';
import { registerStructuredRoutes } from '../structured/register-structured-routes.js';
import { createApiKeyStore, type ApiKeyStore } from '../users/create-api-key-store.js';
import { createUserStore, type UserStore } from '../users/create-user-store.js';
import { createApiKeyPrincipalResolver } from '../users/api-key-principal.js';
import { registerApiKeyRoutes } from '../users/register-api-key-routes.js';
import { registerPreferenceRoutes } from '../preferences/register-preference-routes.js';
import { registerUserRoutes } from '../users/register-user-routes.js';
import { createTeamUsageLog, type TeamUsageLog } from '../usage/create-team-usage-log.js';
import { registerUsageRoutes } from '../usage/register-usage-routes.js';
import type { TeamDatabase } from '../storage/open-team-database.js';
import type { PrincipalResolver, TeamAppEnv } from './principal.js';
import { createOriginCheck } from './origin-check.js';
import { requirePrincipal } from './require-principal.js';
import { serveWebApp } from './serve-web-app.js';

/** Options of {@link createTeamApp}. */
export interface TeamAppOptions {
  readonly database: TeamDatabase;
  /**
   * Sign-in (better-auth: passkeys, SSO, enrollment links). Without it, only personal API keys
   * and `resolvePrincipal` let anyone in.
   */
  readonly signIn?: SignInOptions;
  /** Who calls a request that carries no API key or session (tests play a signed-in member with it). */
  readonly resolvePrincipal?: PrincipalResolver;
  /**
   * Origins a cookie-bearing state-changing request may come from (the web app's public
   * origins); default: the sign-in's public URL, else the origin the request was addressed to.
   */
  readonly allowedOrigins?: readonly string[];
  /** Default: the audit log in `database`. */
  readonly auditLog?: AuditLog;
  /** Default: the policy in `database`. */
  readonly policyStore?: PolicyStore;
  /** Provider credentials (sealed under the master key); without it the credential routes say a key is missing. */
  readonly credentialStore?: CredentialStore;
  /** Checks a credential at its provider before it is saved. Default: each adapter's own check at the built-in API bases. */
  readonly checkCredential?: CredentialChecker;
  /** Default: the members in `database`. */
  readonly users?: UserStore;
  /** Default: the personal API keys in `database`; a presented `sbk_…` key signs its owner in. */
  readonly apiKeys?: ApiKeyStore;
  /**
   * The team runtime (`createTeamRuntime`) and its catalog: the model catalog for members
   * (`GET /api/catalog`) and the chat (`POST /api/chat`, conversations).
   */
  readonly models?: {
    readonly catalog: Catalog;
    readonly runtime: Pick<Runtime, 'resolveRoutes' | 'circuits' | 'stream' | 'generate'>;
  };
  /** Default: the usage the team runtime recorded in `database` (`createTeamUsageLog`). */
  readonly usage?: TeamUsageLog;
  /** The OpenAI/Anthropic-compatible endpoints (`createTeamGateway`), served under `/v1/`. */
  readonly gateway?: { fetch(request: Request): Response | Promise<Response> };
  /**
   * The built web app (`@switchboard/web`'s `dist/`): served to GET requests outside `/api/` and
   * `/v1/`, `index.html` for the app's own paths. Without it only the API answers.
   */
  readonly webRoot?: string;
  /** Told about every failure that is not a {@link SwitchboardError} (the answer is a bare 500). */
  readonly onUnexpectedError?: (error: unknown) => void;
}

/** The JSON body of every error answer: `{ error: { code, message } }`. */
export interface TeamErrorBody {
  readonly error: { readonly code: string; readonly message: string };
}

function errorBody(error: SwitchboardError): TeamErrorBody {
  return { error: { code: error.code, message: error.message } };
}

/**
 * The team server's Hono app. Each request first gets its {@link Principal} (or none); routes
 * authorize with {@link requirePrincipal}; every failure is mapped once, here, to JSON and a
 * status — an unexpected one as a generic 500 that reveals nothing.
 */
export function createTeamApp(options: TeamAppOptions): Hono<TeamAppEnv> {
  const app = new Hono<TeamAppEnv>();
  // The model endpoints answer in the OpenAI and Anthropic error shapes, with their own key check.
  const { gateway } = options;
  if (gateway) app.all('/v1/*', (context) => gateway.fetch(context.req.raw));
  // The web app's files need no principal: served before the session is looked up.
  if (options.webRoot !== undefined) app.use(serveWebApp({ root: options.webRoot }));
  const users = options.users ?? createUserStore({ db: options.database.db });
  const apiKeys = options.apiKeys ?? createApiKeyStore({ db: options.database.db });
  const auditLog = options.auditLog ?? createAuditLog({ db: options.database.db });
  const signIn = options.signIn ? createSignIn(options.database, options.signIn, users, auditLog) : undefined;
  const fallback = options.resolvePrincipal ?? (async () => undefined);
  const resolvePrincipal = createApiKeyPrincipalResolver(
    { keys: apiKeys, users },
    signIn ? async (request) => (await signIn.auth.resolvePrincipal(request)) ?? fallback(request) : fallback,
  );
  // Behind a proxy the request's own URL may be internal: the public URL is the origin browsers use.
  app.use(createOriginCheck(options.allowedOrigins ?? (options.signIn ? [options.signIn.publicUrl] : undefined)));
  app.use(async (context, next) => {
    context.set('principal', await resolvePrincipal(context.req.raw));
    await next();
  });

  app.get('/api/health', (context) => context.json({ ok: true, storage: options.database.kind }));
  app.get('/api/me', (context) => {
    const { userId, role, method } = requirePrincipal(context);
    return context.json({ userId, role, method });
  });

  registerAuditRoutes(app, { auditLog });
  const policyStore = options.policyStore ?? createPolicyStore({ db: options.database.db });
  registerPolicyRoutes(app, { auditLog, policyStore, ...(options.models ? { catalog: options.models.catalog } : {}) });
  if (options.models) {
    registerCatalogRoutes(app, { ...options.models, policy: policyStore });
    registerProviderRoutes(app, {
      ...options.models,
      policy: policyStore,
      credentials: options.credentialStore,
    });
    registerChatRoutes(app, {
      runtime: options.models.runtime,
      catalog: options.models.catalog,
      conversations: createConversationStore({ db: options.database.db }),
      // In the database too: a client reconnecting to another instance resumes there.
      streams: createSharedChatStreams({
        db: options.database.db,
        ...(options.onUnexpectedError ? { onWriteError: options.onUnexpectedError } : {}),
      }),
      policy: policyStore,
    });
    registerStructuredRoutes(app, { ...options.models, policy: policyStore });
  }
  registerApiKeyRoutes(app, { keys: apiKeys, auditLog });
  registerPreferenceRoutes(app, { db: options.database.db });
  if (signIn) {
    registerAuthRoutes(app, { auth: signIn.auth, signInGuard: signIn.guard, auditLog, db: options.database.db });
    registerIdentityRoutes(app, {
      db: options.database.db,
      users,
      auditLog,
      ...signIn.stores,
      signInGuard: signIn.guard,
    });
    registerIdentityProviderRoutes(app, {
      store: signIn.stores.identityProviders,
      check: options.signIn?.checkIdentityProvider ?? createIdentityProviderChecker(options.signIn?.fetch),
      auditLog,
    });
    registerEnrollmentRoutes(app, {
      enrollments: signIn.stores.enrollments,
      users,
      auditLog,
      publicUrl: signIn.publicUrl,
    });
  }
  registerUserRoutes(app, {
    users,
    keys: apiKeys,
    auditLog,
    ...(signIn ? { enrollments: signIn.stores.enrollments, publicUrl: signIn.publicUrl, db: options.database.db } : {}),
  });
  registerUsageRoutes(app, { usage: options.usage ?? createTeamUsageLog({ db: options.database.db }) });
  registerCredentialRoutes(app, {
    store: options.credentialStore,
    check:
      options.checkCredential ??
      createCredentialChecker({ registry: createProviderRegistry(), config: resolveConfig({}) }),
    auditLog,
  });

  app.notFound((context) =>
    context.json(errorBody(new SwitchboardError('INVALID_REQUEST', 'No such route.', { status: 404 })), 404),
  );
  app.onError((error, context) => {
    if (!(error instanceof SwitchboardError)) options.onUnexpectedError?.(error);
    const known =
      error instanceof SwitchboardError
        ? error
        : new SwitchboardError('INTERNAL', 'The team server failed to answer; see its log.');
    if (known.retryAfterSeconds !== undefined) context.header('retry-after', String(known.retryAfterSeconds));
    return context.json(errorBody(known), httpStatusFor(known) as ContentfulStatusCode);
  });
  return app;
}
