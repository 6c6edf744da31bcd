import {
  isRecord,
  jsonReply,
  lastUserMessageText,
  retryAfterHeaders,
  type Dialect,
  type ExchangeContext,
  type FakeReply,
  type HttpReply,
} from './dialect.js';

/** Google RPC status names and messages generativelanguage answers with for each HTTP status. */
function googleErrorDefaults(status: number, model: string): { status: string; message: string } {
  switch (status) {
    case 400:
      return { status: 'INVALID_ARGUMENT', message: 'Request contains an invalid argument.' };
    case 401:
      return {
        status: 'UNAUTHENTICATED',
        message:
          'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.',
      };
    case 403:
      return { status: 'PERMISSION_DENIED', message: 'The caller does not have permission' };
    case 404:
      return {
        status: 'NOT_FOUND',
        message: `models/${model} is not found for API version v1beta, or is not supported for generateContent. Call ListModels to see the list of available models and their supported methods.`,
      };
    case 429:
      return {
        status: 'RESOURCE_EXHAUSTED',
        message:
          'You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.',
      };
    case 503:
      return { status: 'UNAVAILABLE', message: 'The model is overloaded. Please try again later.' };
    case 504:
      return { status: 'DEADLINE_EXCEEDED', message: 'Deadline expired before operation could complete.' };
    default:
      return {
        status: 'INTERNAL',
        message:
          'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting',
      };
  }
}

/** A Google API error reply: `{ error: { code, message, status, details? } }`. */
export function googleErrorReply(
  status: number,
  options: {
    errorType?: string;
    message?: string;
    details?: unknown[];
    retryAfterSeconds?: number;
    model?: string;
  } = {},
): HttpReply {
  const defaults = googleErrorDefaults(status, options.model ?? 'unknown');
  const details = [...(options.details ?? [])];
  if (status === 429) {
    details.push({
      '@type': 'type.googleapis.com/google.rpc.RetryInfo',
      retryDelay: `${options.retryAfterSeconds ?? 1}s`,
    });
  }
  const error: Record<string, unknown> = {
    code: status,
    message: options.message ?? defaults.message,
    status: options.errorType ?? defaults.status,
  };
  if (details.length > 0) error['details'] = details;
  return jsonReply(status, { error }, retryAfterHeaders({ status, retryAfterSeconds: options.retryAfterSeconds }));
}

function generateRequest(body: unknown): Record<string, unknown> {
  // Code Assist wraps the generativelanguage request: { model, project, request: { contents } }.
  if (isRecord(body) && isRecord(body['request'])) return body['request'];
  return isRecord(body) ? body : {};
}

function usageMetadata(reply: FakeReply, final: boolean): Record<string, unknown> {
  const prompt = reply.usage.inputTokens;
  if (!final) return { promptTokenCount: prompt, totalTokenCount: prompt };
  return {
    promptTokenCount: prompt,
    candidatesTokenCount: reply.usage.outputTokens,
    totalTokenCount: prompt + reply.usage.outputTokens,
    promptTokensDetails: [{ modality: 'TEXT', tokenCount: prompt }],
  };
}

/** One GenerateContentResponse; Code Assist wraps it as `{ response, traceId }`. */
function wrap(context: ExchangeContext, response: Record<string, unknown>): Record<string, unknown> {
  const full = { ...response, modelVersion: context.model, responseId: context.requestId.slice(-22) };
  return context.provider === 'codeassist' ? { response: full, traceId: context.requestId.slice(-16) } : full;
}

function candidate(parts: unknown[], finishReason?: string): Record<string, unknown> {
  return { content: { parts, role: 'model' }, ...(finishReason ? { finishReason } : {}), index: 0 };
}

function functionCallPart(reply: FakeReply): Record<string, unknown> {
  return { functionCall: { name: reply.toolName, args: JSON.parse(reply.text) as unknown } };
}

// Google's SSE separates events with CRLF pairs.
function googleSse(data: unknown): string {
  return `data: ${JSON.stringify(data)}\r\n\r\n`;
}

/**
 * Gemini generateContent / streamGenerateContent (`?alt=sse`: data lines, no [DONE]); the same
 * payloads wrapped in `{ response }` for Code Assist (`provider === 'codeassist'`).
 */
export const geminiDialect: Dialect = {
  lastUserText(body) {
    return lastUserMessageText(generateRequest(body)['contents'], (content) => {
      const parts = content['parts'];
      if (!Array.isArray(parts)) return '';
      return parts.map((part) => (isRecord(part) && typeof part['text'] === 'string' ? part['text'] : '')).join('');
    });
  },

  json(reply, context) {
    const parts = reply.kind === 'text' ? [{ text: reply.text }] : [functionCallPart(reply)];
    return jsonReply(
      200,
      wrap(context, { candidates: [candidate(parts, 'STOP')], usageMetadata: usageMetadata(reply, true) }),
    );
  },

  stream(reply, context) {
    const chunk = (parts: unknown[], final: boolean) =>
      googleSse(
        wrap(context, {
          candidates: [candidate(parts, final ? 'STOP' : undefined)],
          usageMetadata: usageMetadata(reply, final),
        }),
      );
    if (reply.kind === 'tool-call') {
      // Gemini sends a function call whole, in one event; the deltas are empty text parts.
      return {
        headers: { 'content-type': 'text/event-stream' },
        prelude: [],
        deltas: reply.chunks.map(() => chunk([{ text: '' }], false)),
        finale: [chunk([functionCallPart(reply)], true)],
      };
    }
    // finishReason and the full usage come in a last event of their own, so a cut after any
    // number of deltas never looks finished.
    const deltas = reply.chunks.map((piece) => chunk([{ text: piece }], false));
    return {
      headers: { 'content-type': 'text/event-stream' },
      prelude: [],
      deltas,
      finale: [chunk([{ text: '' }], true)],
    };
  },

  inBandError(spec) {
    const defaults = googleErrorDefaults(500, 'unknown');
    return [
      googleSse({
        error: { code: 500, message: spec.message ?? defaults.message, status: spec.errorType ?? defaults.status },
      }),
    ];
  },

  error(spec, context) {
    return googleErrorReply(spec.status, { ...spec, model: context.model });
  },
};
