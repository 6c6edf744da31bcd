import { jsonReply, retryAfterHeaders, type ErrorSpec, type HttpReply } from './dialect.js';

interface OpenAIErrorDefaults {
  type: string;
  code: string | null;
  message: string;
}

// The messages and type/code pairs api.openai.com answers with for each status.
function defaultsFor(status: number, model: string): OpenAIErrorDefaults {
  switch (status) {
    case 400:
      return { type: 'invalid_request_error', code: null, message: 'Invalid request.' };
    case 401:
      return {
        type: 'invalid_request_error',
        code: 'invalid_api_key',
        message:
          'Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.',
      };
    case 403:
      return {
        type: 'invalid_request_error',
        code: 'unsupported_country_region_territory',
        message: 'Country, region, or territory not supported',
      };
    case 404:
      return {
        type: 'invalid_request_error',
        code: 'model_not_found',
        message: `The model \`${model}\` does not exist or you do not have access to it.`,
      };
    case 429:
      return {
        type: 'requests',
        code: 'rate_limit_exceeded',
        message: `Rate limit reached for ${model} in organization org-fake on requests per min (RPM): Limit 500, Used 500, Requested 1. Please try again in 1s. Visit https://platform.openai.com/account/rate-limits to learn more.`,
      };
    case 503:
      return {
        type: 'server_error',
        code: null,
        message: 'The engine is currently overloaded, please try again later',
      };
    default:
      return {
        type: 'server_error',
        code: null,
        message: 'The server had an error while processing your request. Sorry about that!',
      };
  }
}

/** `insufficient_quota` is a 429 with its own type, code and message. */
function quotaDefaults(): OpenAIErrorDefaults {
  return {
    type: 'insufficient_quota',
    code: 'insufficient_quota',
    message:
      'You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.',
  };
}

/** The `error` object of an OpenAI error body. */
export function openaiErrorObject(spec: ErrorSpec, model: string): Record<string, unknown> {
  const defaults = spec.errorType === 'insufficient_quota' ? quotaDefaults() : defaultsFor(spec.status, model);
  return {
    message: spec.message ?? defaults.message,
    type: spec.errorType ?? defaults.type,
    param: null,
    code: defaults.code,
  };
}

/** `{ error: { message, type, param, code } }` with `x-request-id` (and rate-limit headers on 429). */
export function openaiErrorReply(spec: ErrorSpec, model: string, requestId: string): HttpReply {
  const headers: Record<string, string> = { 'x-request-id': requestId, ...retryAfterHeaders(spec) };
  if (spec.status === 429) {
    headers['x-ratelimit-limit-requests'] = '500';
    headers['x-ratelimit-remaining-requests'] = '0';
    headers['x-ratelimit-reset-requests'] = `${spec.retryAfterSeconds ?? 1}s`;
  }
  return jsonReply(spec.status, { error: openaiErrorObject(spec, model) }, headers);
}
