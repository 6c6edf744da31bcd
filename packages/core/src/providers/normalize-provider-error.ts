import { SwitchboardError, type ErrorCode } from '../errors.js';
import { isRecord, nameOf, readUpstreamFailure, stringOf, type UpstreamFailure } from './read-upstream-failure.js';
import { abortKindOfReason } from '../internal/abort-reason.js';
import { redactSecrets } from './redact-secrets.js';
import { routeProviderName } from '../catalog/route-provider-name.js';

/** What {@link normalizeProviderError} needs to know besides the error. */
export interface NormalizeProviderErrorOptions {
  /** Provider id (or `endpoint:<id>`) the request went to. */
  provider: string;
  /** Name used in messages, e.g. "Claude" or "ChatGPT (Codex backend)". Default: the provider profile's name. */
  providerName?: string;
  /** Upstream model id, named in "model not found" messages. */
  upstreamModel?: string;
  /** The caller's signal (or what it tells): when it is aborted, the failure is CANCELLED or TIMEOUT. */
  signal?: Pick<AbortSignal, 'aborted' | 'reason'> | undefined;
  /** Secret values of the credential in use; scrubbed from every text kept. */
  secrets?: readonly string[];
  /** Command that fixes an authentication failure, e.g. `sb auth login openai`. */
  loginHint?: string;
  /** Where the provider's errors are explained (the hint of every other upstream failure). */
  guideHint?: string;
  /** A sentence added to rate-limit and quota failures, e.g. where to see a plan's usage windows. */
  limitHint?: string;
  /** Clock for HTTP-date Retry-After values. */
  now?: () => number;
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'ETIMEDOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CLOSED',
]);

const CONTEXT_LENGTH_PATTERN =
  /context[_ ]length|context window|maximum context|prompt is too long|too many tokens|input is too long|exceeds the maximum number of tokens|request_too_large|token limit/i;

type Options = NormalizeProviderErrorOptions;

function codeForStatus(failure: UpstreamFailure): ErrorCode {
  const { status } = failure;
  const words = [failure.type, failure.code, failure.reason, failure.message].filter(Boolean).join(' ');
  if (/API_KEY_INVALID|API key not valid|API_KEY_SERVICE_BLOCKED/i.test(words)) return 'AUTH_FAILED';
  if (
    /UnrecognizedClient|InvalidSignature|IncompleteSignature|MissingAuthenticationToken|ExpiredToken|InvalidClientTokenId/.test(
      words,
    )
  ) {
    return 'AUTH_FAILED';
  }
  if (/insufficient_quota|billing_hard_limit|quota_exceeded/i.test(words)) return 'QUOTA_EXCEEDED';
  if (
    status === 413 ||
    /context_length_exceeded|request_too_large/i.test(words) ||
    (status === 400 && CONTEXT_LENGTH_PATTERN.test(words))
  ) {
    return 'CONTEXT_LENGTH_EXCEEDED';
  }
  switch (status) {
    case 400:
    case 422:
      return 'INVALID_REQUEST';
    case 401:
      return 'AUTH_FAILED';
    case 402:
      return 'QUOTA_EXCEEDED';
    case 403:
      return 'PERMISSION_DENIED';
    case 404:
      return 'MODEL_NOT_FOUND';
    case 408:
      return 'TIMEOUT';
    case 429:
      return 'RATE_LIMITED';
    // Bedrock's ModelErrorException / ModelStreamErrorException: the model failed, not the request.
    case 424:
      return 'PROVIDER_UNAVAILABLE';
  }
  if (status !== undefined && status >= 500) return 'PROVIDER_UNAVAILABLE';
  if (status !== undefined && status >= 400) return 'INVALID_REQUEST';
  return codeForType(failure.type ?? failure.code);
}

/** In-band stream errors carry a type instead of a status (Anthropic `overloaded_error`, OpenAI `server_error`). */
function codeForType(type: string | undefined): ErrorCode {
  switch (type) {
    case 'overloaded_error':
    case 'api_error':
    case 'server_error':
    case 'internal_server_error':
    case 'service_unavailable':
    case 'UNAVAILABLE':
    case 'INTERNAL':
      return 'PROVIDER_UNAVAILABLE';
    case 'rate_limit_error':
    case 'rate_limit_exceeded':
    case 'RESOURCE_EXHAUSTED':
    case 'ThrottlingException':
      return 'RATE_LIMITED';
    case 'authentication_error':
    case 'invalid_api_key':
    case 'UNAUTHENTICATED':
      return 'AUTH_FAILED';
    case 'permission_error':
    case 'PERMISSION_DENIED':
    case 'AccessDeniedException':
      return 'PERMISSION_DENIED';
    case 'not_found_error':
    case 'model_not_found':
    case 'NOT_FOUND':
    case 'ResourceNotFoundException':
      return 'MODEL_NOT_FOUND';
    case 'invalid_request_error':
    case 'INVALID_ARGUMENT':
    case 'ValidationException':
      return 'INVALID_REQUEST';
    case 'DEADLINE_EXCEEDED':
    case 'timeout_error':
      return 'TIMEOUT';
    default:
      return 'UPSTREAM_ERROR';
  }
}

function summaryFor(code: ErrorCode, name: string, options: Options, failure: UpstreamFailure): string {
  const retry = failure.retryAfterSeconds === undefined ? '' : ` Retry after ${failure.retryAfterSeconds}s.`;
  switch (code) {
    case 'AUTH_FAILED':
      return `${name} rejected the credential.`;
    case 'PERMISSION_DENIED':
      return `${name} refused access: this account or key may not be allowed to use this model, region or feature.`;
    case 'MODEL_NOT_FOUND':
      return `${name} does not know the model${options.upstreamModel ? ` "${options.upstreamModel}"` : ''} (or this account cannot see it).`;
    case 'RATE_LIMITED':
      return `${name} is rate limiting requests.${retry}`;
    case 'QUOTA_EXCEEDED':
      return `${name} says the account's quota or credit is used up; check its plan and billing.`;
    case 'CONTEXT_LENGTH_EXCEEDED':
      return `The request is too long for the model's context window at ${name}; shorten the conversation or pick a model with a larger window.`;
    case 'PROVIDER_UNAVAILABLE':
      return `${name} is unavailable right now; try again shortly or use another route.${retry}`;
    case 'TIMEOUT':
      return `${name} timed out.`;
    case 'INVALID_REQUEST':
      return `${name} refused the request as invalid.`;
    default:
      return `${name} answered with an error.`;
  }
}

function detailText(failure: UpstreamFailure, options: Options): string {
  const parts: string[] = [];
  if (failure.status !== undefined) parts.push(`HTTP ${failure.status}`);
  const label = failure.code ?? failure.reason ?? failure.type;
  if (label) parts.push(label);
  const head = parts.join(' ');
  const message = failure.message ? redactSecrets(failure.message, options.secrets).slice(0, 300) : '';
  const body = [head, message].filter(Boolean).join(': ');
  return body === '' ? '' : ` (${body})`;
}

function fromUpstreamFailure(failure: UpstreamFailure, options: Options, retryableHint: unknown): SwitchboardError {
  const name = providerName(options);
  const code = codeForStatus(failure);
  const requestSuffix = failure.requestId ? ` [request id ${failure.requestId}]` : '';
  const limit =
    (code === 'RATE_LIMITED' || code === 'QUOTA_EXCEEDED') && options.limitHint ? ` ${options.limitHint}` : '';
  const message = `${summaryFor(code, name, options, failure)}${detailText(failure, options)}${requestSuffix}${limit}`;
  const isRetryable = code === 'UPSTREAM_ERROR' && typeof retryableHint === 'boolean' ? retryableHint : undefined;
  return new SwitchboardError(code, message, {
    ...(isRetryable === undefined ? {} : { isRetryable }),
    status: failure.status,
    requestId: failure.requestId,
    provider: options.provider,
    ...(code === 'AUTH_FAILED' && options.loginHint ? { hint: options.loginHint } : {}),
    ...(code !== 'AUTH_FAILED' && options.guideHint ? { hint: options.guideHint } : {}),
    retryAfterSeconds: failure.retryAfterSeconds,
    cause: sanitizedCause(failure.message ?? code, options),
  });
}

function providerName(options: Options): string {
  return options.providerName ?? routeProviderName(options.provider);
}

/** Upstream errors may echo request details; the cause kept is a scrubbed summary, never the original. */
function sanitizedCause(text: string, options: Options): Error {
  return new Error(redactSecrets(text, options.secrets).slice(0, 2000));
}

/** undici's `TypeError: terminated`: the response had started and its body broke off. */
function isBodyTerminated(error: unknown, depth = 0): boolean {
  if (!isRecord(error) || depth > 5) return false;
  if (error instanceof TypeError && error.message === 'terminated') return true;
  return isBodyTerminated(error['cause'], depth + 1);
}

function networkCodeOf(error: unknown, depth = 0): string | undefined {
  if (!isRecord(error) || depth > 5) return undefined;
  const code = stringOf(error['code']);
  if (code !== undefined && NETWORK_CODES.has(code)) return code;
  if (error instanceof TypeError && /fetch failed|terminated|network|socket/i.test(error.message)) {
    return networkCodeOf(error['cause'], depth + 1) ?? 'FETCH_FAILED';
  }
  return networkCodeOf(error['cause'], depth + 1);
}

function isAbortLike(error: unknown): 'abort' | 'timeout' | undefined {
  const name = nameOf(error);
  if (name === 'TimeoutError') return 'timeout';
  if (name === 'AbortError' || name === 'ResponseAborted') return 'abort';
  return undefined;
}

function abortError(kind: 'abort' | 'timeout', options: Options): SwitchboardError {
  const name = providerName(options);
  return kind === 'timeout'
    ? new SwitchboardError('TIMEOUT', `The request to ${name} took too long and was stopped.`, {
        provider: options.provider,
      })
    : new SwitchboardError('CANCELLED', `The request to ${name} was cancelled.`, {
        provider: options.provider,
        isRetryable: false,
      });
}

/**
 * THE mapping from anything a provider call can throw — AI SDK `APICallError` (status, body,
 * headers), `RetryError`, in-band stream errors, fetch `TypeError`s, aborts and timeouts — to
 * one {@link SwitchboardError} with a stable code, the upstream status and request id, and a
 * message a person can act on. Credentials are scrubbed from every upstream text it keeps.
 */
export function normalizeProviderError(error: unknown, options: NormalizeProviderErrorOptions): SwitchboardError {
  if (error instanceof SwitchboardError) return error;
  const now = options.now ?? Date.now;
  if (options.signal?.aborted)
    return abortError(abortKindOfReason(options.signal.reason) === 'timeout' ? 'timeout' : 'abort', options);

  let current: unknown = error;
  if (nameOf(current) === 'AI_RetryError' && isRecord(current) && current['lastError'] !== undefined)
    current = current['lastError'];

  const abortKind = isAbortLike(current);
  if (abortKind) return abortError(abortKind, options);

  if (isRecord(current)) {
    const status = current['statusCode'];
    if (typeof status === 'number' && status >= 400) {
      return fromUpstreamFailure(readUpstreamFailure(current, now), options, current['isRetryable']);
    }
    const networkCode = networkCodeOf(current);
    if (networkCode !== undefined) {
      // A connection that broke after a successful status line is a cut stream, not an unreachable host.
      if (typeof status === 'number' || isBodyTerminated(current)) return interrupted(options);
      return new SwitchboardError(
        'NETWORK',
        `Could not reach ${providerName(options)} (${networkCode}). Check the network, a proxy, or the configured api_base.`,
        { provider: options.provider, cause: sanitizedCause(networkCode, options) },
      );
    }
    if (typeof status === 'number') return interrupted(options);
    const name = nameOf(current);
    // A provider's in-band error frame the SDK could not parse as a chunk (Mistral's
    // `{"object":"error",…}`) arrives as a validation error holding the frame.
    if (name === 'AI_TypeValidationError' && isRecord(current['value'])) {
      const frame = readUpstreamFailure(current['value'], now);
      if (frame.type !== undefined || frame.code !== undefined) return fromUpstreamFailure(frame, options, undefined);
    }
    if (name === 'AI_LoadAPIKeyError') {
      return new SwitchboardError('LOGIN_REQUIRED', `No credential for ${providerName(options)}.`, {
        provider: options.provider,
        ...(options.loginHint ? { hint: options.loginHint } : {}),
      });
    }
    if (
      name === 'AI_InvalidPromptError' ||
      name === 'AI_UnsupportedFunctionalityError' ||
      name === 'AI_InvalidArgumentError'
    ) {
      return new SwitchboardError(
        'INVALID_REQUEST',
        `${providerName(options)} cannot take this request: ${redactSecrets(stringOf(current['message']) ?? name, options.secrets)}`,
        {
          provider: options.provider,
        },
      );
    }
    // In-band stream errors (StreamProviderError, raw provider error frames) carry a type or message.
    const failure = readUpstreamFailure(current, now);
    if (failure.type !== undefined || failure.code !== undefined || name === 'AI_StreamProviderError') {
      return fromUpstreamFailure(failure, options, current['isRetryable']);
    }
  }

  const text = error instanceof Error ? error.message : typeof error === 'string' ? error : 'unknown error';
  return new SwitchboardError(
    'UPSTREAM_ERROR',
    `${providerName(options)} failed: ${redactSecrets(text, options.secrets).slice(0, 300)}`,
    {
      provider: options.provider,
      cause: sanitizedCause(text, options),
    },
  );
}

function interrupted(options: Options): SwitchboardError {
  return new SwitchboardError(
    'STREAM_INTERRUPTED',
    `The connection to ${providerName(options)} broke before the answer was complete.`,
    { provider: options.provider, isRetryable: true },
  );
}

/** The error for a stream that ended without the upstream saying it was finished. */
export function streamInterruptedError(options: NormalizeProviderErrorOptions): SwitchboardError {
  return interrupted(options);
}
