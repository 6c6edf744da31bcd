import type { JsonBody } from './json-body.js';

/**
 * Whether an OpenAI chat request asks for the usage chunk at the end of its stream
 * (`"stream_options": {"include_usage": true}`). A `stream_options` that is not JSON asks for
 * nothing; the upstream, or the full parse of a translated request, refuses it.
 */
export function asksForUsage(body: JsonBody): boolean {
  let options: unknown;
  try {
    options = body.member('stream_options');
  } catch {
    return false;
  }
  return (
    typeof options === 'object' && options !== null && (options as Record<string, unknown>)['include_usage'] === true
  );
}
