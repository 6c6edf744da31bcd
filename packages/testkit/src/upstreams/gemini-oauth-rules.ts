import type { HttpReply } from './dialect.js';
import { acceptsCredential } from './accepts-credential.js';
import { googleErrorReply } from './gemini-dialect.js';
import type { CredentialExpectation, GeminiOAuthExpectation } from './types.js';

function errorInfo(reason: string, metadata: Record<string, string>) {
  return { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason, domain: 'googleapis.com', metadata };
}

/**
 * A Bearer token at generativelanguage, as Google judges it:
 * - an unknown or expired token → 401 UNAUTHENTICATED ("Request had invalid authentication
 *   credentials. Expected OAuth 2 access token…", the answer of every Google API);
 * - no `x-goog-user-project` → 403 SERVICE_DISABLED: the API "requires a quota project, which is
 *   not set by default" (https://cloud.google.com/docs/authentication/adc-troubleshooting/user-creds;
 *   the Gemini API's OAuth guide sends the header: https://ai.google.dev/gemini-api/docs/oauth);
 * - a project the user may not bill → 403 USER_PROJECT_DENIED
 *   (https://cloud.google.com/docs/quotas/set-quota-project).
 */
export function geminiBearerFailure(
  token: string,
  headers: Record<string, string>,
  expected: GeminiOAuthExpectation,
): HttpReply | undefined {
  if (!acceptsCredential(expected.tokens, token)) {
    return googleErrorReply(401, {
      message:
        'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.',
      errorType: 'UNAUTHENTICATED',
      details: [errorInfo('ACCESS_TOKEN_TYPE_UNSUPPORTED', { service: 'generativelanguage.googleapis.com' })],
    });
  }
  const project = headers['x-goog-user-project'];
  if (!project) {
    return googleErrorReply(403, {
      message:
        'Your application is authenticating by using local Application Default Credentials. The generativelanguage.googleapis.com API requires a quota project, which is not set by default. To learn how to set your quota project, see https://cloud.google.com/docs/authentication/adc-troubleshooting/user-creds .',
      errorType: 'PERMISSION_DENIED',
      details: [errorInfo('SERVICE_DISABLED', { service: 'generativelanguage.googleapis.com' })],
    });
  }
  if (!expected.quotaProjects.includes(project)) {
    return googleErrorReply(403, {
      message: `Caller does not have required permission to use project ${project}. Grant the caller the roles/serviceusage.serviceUsageConsumer role, or a custom role with the serviceusage.services.use permission, by visiting https://console.developers.google.com/iam-admin/iam/project?project=${project} and then retry. Propagation of the new permission may take a few minutes.`,
      errorType: 'PERMISSION_DENIED',
      details: [
        errorInfo('USER_PROJECT_DENIED', {
          consumer: `projects/${project}`,
          service: 'generativelanguage.googleapis.com',
        }),
      ],
    });
  }
  return undefined;
}
