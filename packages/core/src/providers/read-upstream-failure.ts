/** Header names providers put their request id in. */
const REQUEST_ID_HEADERS = [
  'x-request-id',
  'request-id',
  'x-goog-request-id',
  'x-amzn-requestid',
  'x-amz-request-id',
  'apim-request-id',
  'x-ms-request-id',
  'x-cloud-trace-context',
];

/** The parts of an upstream failure that decide its code, from whichever shape it came in. */
export interface UpstreamFailure {
  status: number | undefined;
  message: string | undefined;
  type: string | undefined;
  code: string | undefined;
  reason: string | undefined;
  headers: Record<string, string>;
  requestId: string | undefined;
  retryAfterSeconds: number | undefined;
}

/** True for any non-null object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** A non-empty string (numbers as text), else undefined. */
export function stringOf(value: unknown): string | undefined {
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

/** The `name` of an error-like value. */
export function nameOf(error: unknown): string | undefined {
  return isRecord(error) ? stringOf(error['name']) : undefined;
}

function lowerCaseHeaders(headers: unknown): Record<string, string> {
  const result: Record<string, string> = {};
  if (!isRecord(headers)) return result;
  for (const [key, value] of Object.entries(headers)) {
    if (typeof value === 'string') result[key.toLowerCase()] = value;
  }
  return result;
}

function parseJson(text: unknown): unknown {
  if (typeof text !== 'string') return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Seconds from `retry-after-ms`, `retry-after` (seconds or HTTP date) or Google's RetryInfo. */
function retryAfterFrom(headers: Record<string, string>, details: unknown, now: () => number): number | undefined {
  const milliseconds = Number(headers['retry-after-ms']);
  if (headers['retry-after-ms'] !== undefined && Number.isFinite(milliseconds)) return Math.max(0, milliseconds / 1000);
  const header = headers['retry-after'];
  if (header !== undefined) {
    const seconds = Number(header);
    if (Number.isFinite(seconds)) return Math.max(0, seconds);
    const date = Date.parse(header);
    if (Number.isFinite(date)) return Math.max(0, Math.ceil((date - now()) / 1000));
  }
  if (Array.isArray(details)) {
    for (const detail of details) {
      const delay = isRecord(detail) ? stringOf(detail['retryDelay']) : undefined;
      const match = delay === undefined ? null : /^(\d+(?:\.\d+)?)s$/.exec(delay);
      if (match) return Number(match[1]);
    }
  }
  return undefined;
}

/** Reads `{ error: { message, type, code, status, details } }` and the Anthropic / Google variants. */
function readBody(body: unknown): Pick<UpstreamFailure, 'message' | 'type' | 'code' | 'reason'> & {
  details: unknown;
  requestId: string | undefined;
  reset: { at?: number; inSeconds?: number } | undefined;
} {
  const root = isRecord(body) ? body : {};
  const inner = isRecord(root['error']) ? root['error'] : root;
  const details = inner['details'];
  let reason: string | undefined;
  if (Array.isArray(details)) {
    for (const detail of details)
      if (isRecord(detail) && typeof detail['reason'] === 'string') reason = detail['reason'];
  }
  return {
    message:
      stringOf(inner['message']) ??
      stringOf(root['message']) ??
      (typeof root['error'] === 'string' ? root['error'] : undefined),
    type: stringOf(inner['type']) ?? stringOf(inner['status']) ?? stringOf(root['__type']),
    code: typeof inner['code'] === 'string' ? inner['code'] : undefined,
    reason,
    details,
    requestId: stringOf(root['request_id']) ?? stringOf(root['requestId']),
    reset: usageLimitReset(inner),
  };
}

/**
 * The Codex backend's plan limit: `{"error":{"type":"usage_limit_reached","resets_at":<unix s>,
 * "resets_in_seconds":<s>}}` (read as Codex clients read it: `resets_in_seconds`, else
 * `resets_at`), which says when the plan's window resets.
 */
function usageLimitReset(inner: Record<string, unknown>): { at?: number; inSeconds?: number } | undefined {
  if (inner['type'] !== 'usage_limit_reached') return undefined;
  const inSeconds = typeof inner['resets_in_seconds'] === 'number' ? inner['resets_in_seconds'] : undefined;
  const at = typeof inner['resets_at'] === 'number' ? inner['resets_at'] : undefined;
  if (inSeconds === undefined && at === undefined) return undefined;
  return { ...(inSeconds === undefined ? {} : { inSeconds }), ...(at === undefined ? {} : { at }) };
}

function secondsUntilReset(
  reset: { at?: number; inSeconds?: number } | undefined,
  now: () => number,
): number | undefined {
  if (!reset) return undefined;
  if (reset.inSeconds !== undefined) return Math.max(0, reset.inSeconds);
  return reset.at === undefined ? undefined : Math.max(0, Math.ceil(reset.at - now() / 1000));
}

/** Extracts the failure from an AI SDK APICallError, a StreamProviderError or a plain `{ statusCode, … }`. */
export function readUpstreamFailure(error: Record<string, unknown>, now: () => number): UpstreamFailure {
  const headers = lowerCaseHeaders(error['responseHeaders']);
  const bodySource = error['responseBody'] ?? error['data'];
  const body = readBody(parseJson(bodySource));
  const status = typeof error['statusCode'] === 'number' ? error['statusCode'] : undefined;
  let requestId: string | undefined = body.requestId;
  for (const name of REQUEST_ID_HEADERS) requestId ??= headers[name];
  // AWS names the exception in a header: `UnrecognizedClientException:http://internal.amazon.com/…`.
  const awsType = headers['x-amzn-errortype']?.split(':')[0];
  return {
    status,
    message: body.message ?? stringOf(error['message']),
    type: awsType || body.type || stringOf(error['type']),
    code: body.code ?? (typeof error['code'] === 'string' ? error['code'] : undefined),
    reason: body.reason,
    headers,
    requestId,
    // The body's reset time first: a plan window is longer than any Retry-After of a rate limit.
    retryAfterSeconds: secondsUntilReset(body.reset, now) ?? retryAfterFrom(headers, body.details, now),
  };
}
