import { anthropicErrorBody } from './anthropic-dialect.js';
import { jsonReply, type HttpReply } from './dialect.js';
import { openaiErrorReply } from './openai-errors.js';
import type { MatchedRoute } from './match-route.js';

/**
 * Body fields the real services refuse to go without, checked after the credentials. Only a few
 * rules, each one a request a client (or a gateway passing a body on) really gets wrong:
 *
 * - Anthropic Messages: `max_tokens` is required and a positive integer (Messages API reference,
 *   https://docs.anthropic.com/en/api/messages — "max_tokens: integer, required"; the API
 *   answers 400 invalid_request_error "max_tokens: Field required"). Count tokens takes no
 *   `max_tokens` but needs `messages` (https://docs.anthropic.com/en/api/messages-count-tokens).
 * - OpenAI Responses: `temperature` is a number between 0 and 2 (openai/openai-openapi,
 *   CreateResponse → ModelResponseProperties.temperature; the API answers 400 invalid_type
 *   with `param: "temperature"`).
 */
export function bodyRuleFailure(
  route: MatchedRoute,
  body: Record<string, unknown>,
  context: { requestId: string; model: string },
): HttpReply | undefined {
  const anthropic = (message: string): HttpReply =>
    jsonReply(400, anthropicErrorBody(400, context.requestId, context.model, { message }), {
      'request-id': context.requestId,
    });
  if (route.protocol === 'anthropic-messages') {
    const maxTokens = body['max_tokens'];
    if (maxTokens === undefined) return anthropic('max_tokens: Field required');
    if (typeof maxTokens !== 'number' || !Number.isInteger(maxTokens) || maxTokens < 1)
      return anthropic('max_tokens: Input should be a valid integer greater than 0');
  }
  if (route.protocol === 'anthropic-count-tokens' && !Array.isArray(body['messages']))
    return anthropic('messages: Field required');
  if (route.protocol === 'openai-responses' && body['temperature'] !== undefined && body['temperature'] !== null) {
    const temperature = body['temperature'];
    if (typeof temperature !== 'number' || temperature < 0 || temperature > 2)
      return openaiErrorReply(
        {
          status: 400,
          message:
            typeof temperature === 'number'
              ? `Invalid 'temperature': decimal above maximum value. Expected a value <= 2, but got ${temperature} instead.`
              : `Invalid type for 'temperature': expected a decimal, but got a ${typeof temperature} instead.`,
        },
        context.model,
        context.requestId,
      );
  }
  return undefined;
}

/**
 * Anthropic's `count_tokens` answer: `{ input_tokens }`. The fake counts one token per four
 * characters of the request's JSON (messages, system, tools), so tests can tell its count from
 * a gateway's estimate of the same body only by the number they configure.
 */
export function countTokensReply(body: Record<string, unknown>, requestId: string): HttpReply {
  const counted = JSON.stringify([body['system'] ?? null, body['messages'] ?? [], body['tools'] ?? []]);
  return jsonReply(200, { input_tokens: Math.ceil(counted.length / 4) }, { 'request-id': requestId });
}
