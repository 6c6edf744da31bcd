import { inspect } from 'node:util';
import { APICallError, RetryError } from 'ai';
import { describe, expect, it } from 'vitest';
import { SwitchboardError } from '../errors.js';
import { abortKindOfReason } from '../internal/abort-reason.js';
import { normalizeProviderError } from './normalize-provider-error.js';

const SECRET = 'sk-live-CANARY-abcdefghijklmnop';

function apiError(statusCode: number, body: unknown, headers: Record<string, string> = {}): APICallError {
  return new APICallError({
    message: 'upstream said no',
    url: 'https://api.example.test/v1/chat',
    requestBodyValues: { model: 'm' },
    statusCode,
    responseHeaders: headers,
    responseBody: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

const options = { provider: 'openai', secrets: [SECRET], loginHint: 'sb auth login openai', upstreamModel: 'gpt-5' };

describe('normalizeProviderError', () => {
  it.each([
    [400, 'INVALID_REQUEST'],
    [401, 'AUTH_FAILED'],
    [402, 'QUOTA_EXCEEDED'],
    [403, 'PERMISSION_DENIED'],
    [404, 'MODEL_NOT_FOUND'],
    [408, 'TIMEOUT'],
    [413, 'CONTEXT_LENGTH_EXCEEDED'],
    [422, 'INVALID_REQUEST'],
    [429, 'RATE_LIMITED'],
    [500, 'PROVIDER_UNAVAILABLE'],
    [502, 'PROVIDER_UNAVAILABLE'],
    [503, 'PROVIDER_UNAVAILABLE'],
    [504, 'PROVIDER_UNAVAILABLE'],
    [529, 'PROVIDER_UNAVAILABLE'],
  ] as const)('HTTP %i → %s', (status, code) => {
    const error = normalizeProviderError(
      apiError(status, { error: { message: 'nope', type: 'x' } }, { 'x-request-id': 'req_1' }),
      options,
    );
    expect(error).toBeInstanceOf(SwitchboardError);
    expect(error.code).toBe(code);
    expect(error.status).toBe(status);
    expect(error.requestId).toBe('req_1');
    expect(error.provider).toBe('openai');
  });

  it('unwraps RetryError to its last error', () => {
    const last = apiError(503, { error: { message: 'overloaded' } });
    const error = normalizeProviderError(
      new RetryError({ message: 'failed after 3', reason: 'maxRetriesExceeded', errors: [apiError(500, {}), last] }),
      options,
    );
    expect(error.code).toBe('PROVIDER_UNAVAILABLE');
    expect(error.status).toBe(503);
  });

  it('reads Retry-After as seconds, as an HTTP date, as retry-after-ms and from Google RetryInfo', () => {
    const now = () => Date.parse('2026-11-22T10:00:00Z');
    expect(
      normalizeProviderError(apiError(429, {}, { 'retry-after': '12' }), { ...options, now }).retryAfterSeconds,
    ).toBe(12);
    expect(
      normalizeProviderError(apiError(429, {}, { 'retry-after': 'Sun, 22 Nov 2026 10:00:30 GMT' }), { ...options, now })
        .retryAfterSeconds,
    ).toBe(30);
    expect(normalizeProviderError(apiError(429, {}, { 'retry-after-ms': '1500' }), options).retryAfterSeconds).toBe(
      1.5,
    );
    const google = {
      error: {
        code: 429,
        status: 'RESOURCE_EXHAUSTED',
        details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '41s' }],
      },
    };
    expect(normalizeProviderError(apiError(429, google), options).retryAfterSeconds).toBe(41);
  });

  it('tells insufficient_quota (not retryable) from a rate limit', () => {
    const quota = normalizeProviderError(
      apiError(429, {
        error: { type: 'insufficient_quota', code: 'insufficient_quota', message: 'You exceeded your current quota' },
      }),
      options,
    );
    expect(quota.code).toBe('QUOTA_EXCEEDED');
    expect(quota.isRetryable).toBe(false);
    expect(normalizeProviderError(apiError(429, { error: { code: 'rate_limit_exceeded' } }), options).isRetryable).toBe(
      true,
    );
  });

  it('maps Gemini 400 API_KEY_INVALID and AWS auth exceptions to AUTH_FAILED', () => {
    const gemini = {
      error: {
        code: 400,
        message: 'API key not valid. Please pass a valid API key.',
        status: 'INVALID_ARGUMENT',
        details: [{ reason: 'API_KEY_INVALID' }],
      },
    };
    expect(normalizeProviderError(apiError(400, gemini), { provider: 'google' }).code).toBe('AUTH_FAILED');
    const aws = apiError(
      403,
      { message: 'The security token included in the request is invalid.' },
      { 'x-amzn-errortype': 'UnrecognizedClientException:http://internal.amazon.com/', 'x-amzn-requestid': 'aws-1' },
    );
    const error = normalizeProviderError(aws, { provider: 'bedrock' });
    expect(error.code).toBe('AUTH_FAILED');
    expect(error.requestId).toBe('aws-1');
    expect(
      normalizeProviderError(
        apiError(403, { message: 'no access' }, { 'x-amzn-errortype': 'AccessDeniedException:x' }),
        { provider: 'bedrock' },
      ).code,
    ).toBe('PERMISSION_DENIED');
  });

  it('finds context-length refusals in 400s', () => {
    const anthropic = {
      type: 'error',
      error: { type: 'invalid_request_error', message: 'prompt is too long: 210000 tokens > 200000 maximum' },
      request_id: 'req_a',
    };
    const error = normalizeProviderError(apiError(400, anthropic), { provider: 'anthropic' });
    expect(error.code).toBe('CONTEXT_LENGTH_EXCEEDED');
    expect(error.requestId).toBe('req_a');
    expect(
      normalizeProviderError(
        apiError(400, { error: { code: 'context_length_exceeded', message: 'too long' } }),
        options,
      ).code,
    ).toBe('CONTEXT_LENGTH_EXCEEDED');
  });

  it('maps in-band stream errors by type (Anthropic overloaded_error, OpenAI server_error)', () => {
    expect(
      normalizeProviderError({ type: 'overloaded_error', message: 'Overloaded' }, { provider: 'anthropic' }).code,
    ).toBe('PROVIDER_UNAVAILABLE');
    expect(
      normalizeProviderError({ type: 'rate_limit_error', message: 'slow down' }, { provider: 'anthropic' }).code,
    ).toBe('RATE_LIMITED');
    expect(normalizeProviderError({ code: 'server_error', message: 'oops' }, options).code).toBe(
      'PROVIDER_UNAVAILABLE',
    );
  });

  it('refused connections are NETWORK; a body that broke off is STREAM_INTERRUPTED', () => {
    const refused = new TypeError('fetch failed', {
      cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }),
    });
    const network = normalizeProviderError(refused, options);
    expect(network.code).toBe('NETWORK');
    expect(network.isRetryable).toBe(true);
    expect(network.message).toMatch(/ECONNREFUSED/);
    const cut = new TypeError('terminated', {
      cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }),
    });
    expect(normalizeProviderError(cut, options).code).toBe('STREAM_INTERRUPTED');
  });

  it('aborts: the caller → CANCELLED, a timeout → TIMEOUT', () => {
    const controller = new AbortController();
    controller.abort();
    expect(
      normalizeProviderError(new DOMException('aborted', 'AbortError'), { ...options, signal: controller.signal }).code,
    ).toBe('CANCELLED');
    const timeout = new AbortController();
    timeout.abort(new DOMException('timed out', 'TimeoutError'));
    expect(abortKindOfReason(timeout.signal.reason)).toBe('timeout');
    expect(normalizeProviderError(new Error('anything'), { ...options, signal: timeout.signal }).code).toBe('TIMEOUT');
    expect(normalizeProviderError(new DOMException('x', 'TimeoutError'), options).code).toBe('TIMEOUT');
    expect(normalizeProviderError(new DOMException('x', 'AbortError'), options).isRetryable).toBe(false);
  });

  it('returns a SwitchboardError unchanged', () => {
    const original = new SwitchboardError('LOGIN_REQUIRED', 'log in');
    expect(normalizeProviderError(original, options)).toBe(original);
  });

  it('never keeps the credential: not in the message, the JSON, or the cause', () => {
    const echoing = apiError(401, {
      error: { message: `Incorrect API key provided: ${SECRET}. Header was Authorization: Bearer ${SECRET}` },
    });
    const error = normalizeProviderError(echoing, options);
    expect(error.code).toBe('AUTH_FAILED');
    expect(error.hint).toBe('sb auth login openai');
    for (const text of [error.message, JSON.stringify(error), inspect(error, { depth: 10 })])
      expect(text).not.toContain(SECRET);
    expect(error.message).toContain('[redacted]');
    // Shapes of secrets it was not told about are scrubbed too.
    const unknownKey = normalizeProviderError(
      apiError(400, { error: { message: 'bad key sk-proj-UNTOLD0123456789abcdef' } }),
      { provider: 'openai' },
    );
    expect(unknownKey.message).not.toContain('sk-proj-UNTOLD0123456789abcdef');
  });
});
