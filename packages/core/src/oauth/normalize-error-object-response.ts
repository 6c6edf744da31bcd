/**
 * OpenAI's authorization server answers some failures with an error *object*, not the
 * RFC 6749 §5.2 string: HTTP 401 `{"error":{"message":…,"type":"invalid_request_error",
 * "code":"refresh_token_reused"}}` (also `refresh_token_expired`, `refresh_token_invalidated`;
 * openai/codex codex-rs/login/src/auth/manager.rs `extract_refresh_token_error_code` reads
 * `error.code`, then `error` as a string, then a top-level `code`). oauth4webapi only
 * understands the string form and would report a bare HTTP status.
 *
 * This rewrites such a body into the RFC shape (`error` = the code, `error_description` =
 * the message), keeping status and headers, so the one OAuth error mapper sees the code.
 * Every other response is returned untouched.
 */
export async function normalizeErrorObjectResponse(response: Response): Promise<Response> {
  if (response.ok || !/json/i.test(response.headers.get('content-type') ?? '')) return response;
  let body: unknown;
  try {
    body = await response.clone().json();
  } catch {
    return response;
  }
  if (body === null || typeof body !== 'object') return response;
  const record = body as Record<string, unknown>;
  const error = record.error;
  if (error === null || typeof error !== 'object' || Array.isArray(error)) return response;
  const details = error as Record<string, unknown>;
  const code = [details.code, record.code, details.type].find(
    (value): value is string => typeof value === 'string' && value.length > 0,
  );
  const rewritten: Record<string, string> = { error: code ?? 'invalid_request' };
  if (typeof details.message === 'string' && details.message.length > 0) rewritten.error_description = details.message;
  await response.body?.cancel();
  const headers = new Headers(response.headers);
  headers.delete('content-length');
  headers.delete('content-encoding');
  return new Response(JSON.stringify(rewritten), {
    status: response.status,
    statusText: response.statusText,
    headers,
  });
}
