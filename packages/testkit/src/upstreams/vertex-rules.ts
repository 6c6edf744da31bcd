import { anthropicErrorBody } from './anthropic-dialect.js';
import { isRecord, jsonReply, type HttpReply } from './dialect.js';
import { googleErrorReply } from './gemini-dialect.js';
import type { MatchedRoute } from './match-route.js';

/** The `anthropic_version` Claude on Vertex requires in the body (instead of a header). */
export const VERTEX_ANTHROPIC_VERSION = 'vertex-2023-10-16';

const REGIONAL_HOST = /^([a-z0-9-]+)-aiplatform\.googleapis\.com$/;

/**
 * Requests Vertex AI refuses:
 * - a location the host does not serve: `{location}-aiplatform.googleapis.com` serves its own
 *   region only, and the `global` location only `aiplatform.googleapis.com`
 *   (https://cloud.google.com/vertex-ai/generative-ai/docs/learn/locations). Judged by the host the
 *   client addressed (`x-forwarded-host` from a host-mapping fetch); the wording is the fake's.
 * - Claude without `anthropic_version: "vertex-2023-10-16"` in the body: on Vertex it replaces
 *   the `anthropic-version` header (https://docs.anthropic.com/en/api/claude-on-vertex-ai,
 *   https://cloud.google.com/vertex-ai/generative-ai/docs/partner-models/claude/use-claude).
 */
export function vertexFailure(
  route: MatchedRoute,
  path: string,
  headers: Record<string, string>,
  body: unknown,
  context: { requestId: string; model: string },
): HttpReply | undefined {
  if (route.provider !== 'vertex') return undefined;
  const location = /\/locations\/([^/]+)\//.exec(path)?.[1] ?? '';
  const host = headers['x-forwarded-host'];
  const regional = host ? REGIONAL_HOST.exec(host)?.[1] : undefined;
  if (regional !== undefined && regional !== location) {
    return googleErrorReply(400, {
      errorType: 'INVALID_ARGUMENT',
      message: `Location ${location} is not served by the endpoint ${host}; use ${location === 'global' ? 'aiplatform.googleapis.com' : `${location}-aiplatform.googleapis.com`}.`,
    });
  }
  if (route.protocol === 'anthropic-messages') {
    const version = isRecord(body) ? body['anthropic_version'] : undefined;
    if (version !== VERTEX_ANTHROPIC_VERSION) {
      const message =
        version === undefined
          ? 'anthropic_version: Field required'
          : `anthropic_version: Input should be '${VERTEX_ANTHROPIC_VERSION}'`;
      return jsonReply(400, anthropicErrorBody(400, context.requestId, context.model, { message }), {
        'request-id': context.requestId,
      });
    }
  }
  return undefined;
}
