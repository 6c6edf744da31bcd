import { anthropicErrorBody } from './anthropic-dialect.js';
import { jsonReply, type HttpReply } from './dialect.js';
import { googleErrorReply } from './gemini-dialect.js';
import type { CredentialExpectation, GeminiOAuthExpectation, UpstreamProvider } from './types.js';
import { geminiBearerFailure } from './gemini-oauth-rules.js';
import { acceptsCredential } from './accepts-credential.js';

export interface CredentialCheckInput {
  provider: UpstreamProvider;
  headers: Record<string, string>;
  query: Record<string, string>;
  requestId: string;
  model: string;
  expected: CredentialExpectation | undefined;
  expectedChatGptAccountId: string | undefined;
  /** Google sign-in tokens the Gemini API accepts; without it, a Bearer token lacks the scope. */
  geminiOAuth?: GeminiOAuthExpectation | undefined;
}

export interface CredentialCheck {
  credential: string | undefined;
  /** The provider's real refusal; undefined when the credential is accepted. */
  failure: HttpReply | undefined;
}

function bearer(headers: Record<string, string>): string | undefined {
  const match = /^Bearer\s+(.+)$/i.exec(headers['authorization'] ?? '');
  return match?.[1]?.trim() || undefined;
}

/** `AWS4-HMAC-SHA256 Credential=AKID/date/region/service/aws4_request, …` → AKID. */
function sigV4AccessKeyId(headers: Record<string, string>): string | undefined {
  const match = /^AWS4-HMAC-SHA256\s+Credential=([^/,\s]+)\//.exec(headers['authorization'] ?? '');
  return match?.[1];
}

function extract(
  provider: UpstreamProvider,
  headers: Record<string, string>,
  query: Record<string, string>,
): string | undefined {
  switch (provider) {
    case 'anthropic':
      return headers['x-api-key'] || bearer(headers);
    case 'gemini':
      return headers['x-goog-api-key'] || query['key'] || undefined;
    case 'azure':
      return headers['api-key'] || bearer(headers);
    case 'bedrock':
      return sigV4AccessKeyId(headers) ?? bearer(headers);
    default:
      return bearer(headers);
  }
}

const GOOGLE_UNAUTHENTICATED_DETAILS = [
  {
    '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
    reason: 'ACCESS_TOKEN_TYPE_UNSUPPORTED',
    metadata: {
      service: 'aiplatform.googleapis.com',
      method: 'google.cloud.aiplatform.v1.PredictionService.GenerateContent',
    },
  },
];

/** The refusal each provider really sends for a missing or wrong credential. */
function refusal(input: CredentialCheckInput, credential: string | undefined): HttpReply {
  const missing = credential === undefined;
  const { requestId } = input;
  switch (input.provider) {
    case 'openai':
      return jsonReply(
        401,
        {
          error: {
            message: missing
              ? "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password field (with blank username) if you're accessing the API from your browser and are prompted for a username and password. You can obtain an API key from https://platform.openai.com/account/api-keys."
              : 'Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.',
            type: 'invalid_request_error',
            param: null,
            code: missing ? null : 'invalid_api_key',
          },
        },
        { 'x-request-id': requestId },
      );
    case 'codex':
      return jsonReply(
        401,
        {
          error: {
            message: missing
              ? 'Missing bearer or basic authentication in header'
              : 'Provided authentication token is expired. Please try signing in again.',
            type: null,
            code: missing ? null : 'token_expired',
            param: null,
          },
          status: 401,
        },
        { 'x-request-id': requestId },
      );
    case 'anthropic': {
      const message = missing
        ? 'x-api-key header is required'
        : input.headers['x-api-key']
          ? 'invalid x-api-key'
          : 'Invalid bearer token';
      return jsonReply(401, anthropicErrorBody(401, requestId, input.model, { message }), { 'request-id': requestId });
    }
    case 'gemini':
      if (missing && bearer(input.headers) !== undefined) {
        // An OAuth token of the installed-app client lacks the generative-language scope.
        return googleErrorReply(403, {
          message: 'Request had insufficient authentication scopes.',
          details: [
            {
              '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
              reason: 'ACCESS_TOKEN_SCOPE_INSUFFICIENT',
              domain: 'googleapis.com',
              metadata: {
                service: 'generativelanguage.googleapis.com',
                method: 'google.ai.generativelanguage.v1beta.GenerativeService.GenerateContent',
              },
            },
          ],
        });
      }
      if (missing) {
        return googleErrorReply(403, {
          message:
            "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.",
        });
      }
      return googleErrorReply(400, {
        message: 'API key not valid. Please pass a valid API key.',
        details: [
          {
            '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
            reason: 'API_KEY_INVALID',
            domain: 'googleapis.com',
            metadata: { service: 'generativelanguage.googleapis.com' },
          },
          {
            '@type': 'type.googleapis.com/google.rpc.LocalizedMessage',
            locale: 'en-US',
            message: 'API key not valid. Please pass a valid API key.',
          },
        ],
      });
    case 'codeassist':
    case 'vertex':
      return googleErrorReply(401, { details: GOOGLE_UNAUTHENTICATED_DETAILS });
    case 'mistral':
      return jsonReply(401, { detail: 'Unauthorized' }, { 'x-kong-request-id': requestId });
    case 'azure':
      return jsonReply(
        401,
        {
          error: {
            code: '401',
            message:
              input.headers['api-key'] || missing
                ? 'Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.'
                : 'Unauthorized. Access token is missing, invalid, audience is incorrect (https://cognitiveservices.azure.com), or have expired.',
          },
        },
        { 'apim-request-id': requestId, 'x-request-id': requestId },
      );
    case 'bedrock':
      return jsonReply(
        403,
        {
          message: missing ? 'Missing Authentication Token' : 'The security token included in the request is invalid.',
        },
        {
          'x-amzn-requestid': requestId,
          'x-amzn-errortype': missing
            ? 'MissingAuthenticationTokenException:http://internal.amazon.com/coral/com.amazon.coral.service/'
            : 'UnrecognizedClientException:http://internal.amazon.com/coral/com.amazon.coral.service/',
        },
      );
  }
}

/** Extracts a provider's credential the way that provider reads it and checks it. */
export function checkCredentials(input: CredentialCheckInput): CredentialCheck {
  const token = bearer(input.headers);
  if (input.provider === 'gemini' && input.geminiOAuth && token && !input.headers['x-goog-api-key']) {
    return { credential: token, failure: geminiBearerFailure(token, input.headers, input.geminiOAuth) };
  }
  const credential = extract(input.provider, input.headers, input.query);
  if (credential === undefined || !acceptsCredential(input.expected, credential)) {
    return { credential, failure: refusal(input, credential) };
  }
  if (input.provider === 'codex') {
    const accountId = input.headers['chatgpt-account-id'];
    const accountOk =
      accountId !== undefined &&
      accountId !== '' &&
      (input.expectedChatGptAccountId === undefined || accountId === input.expectedChatGptAccountId);
    if (!accountOk) return { credential, failure: refusal(input, credential) };
  }
  return { credential, failure: undefined };
}
