import { z } from 'zod';
import type { JsonBody } from '@switchboard/core';
import { GatewayRequestError } from './gateway-request-error.js';

/**
 * Validates a parsed JSON body against an API's request schema; the first problem becomes a
 * 400 naming the field (`messages.1.content: Invalid input`), in the caller's API shape.
 */
export function parseRequestBody<Schema extends z.ZodType>(schema: Schema, body: unknown): z.infer<Schema> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const param = issue && issue.path.length > 0 ? issue.path.map(String).join('.') : undefined;
  const detail = issue ? issue.message : 'Invalid request body.';
  return fail(
    param === undefined ? `Invalid request body: ${detail}` : `Invalid request body at ${param}: ${detail}`,
    param,
  );
}

function fail(message: string, param: string | undefined): never {
  throw new GatewayRequestError('INVALID_REQUEST', message, param === undefined ? {} : { param });
}

const routingFields = z.object({ model: z.string().min(1), stream: z.boolean().nullish() });

/** What routing needs of a request: the model and whether to stream. */
export interface RoutingFields {
  model: string;
  stream: boolean;
}

/**
 * Checks only the fields routing needs. A request a route of the same wire format serves is
 * passed on as it came, and its upstream judges the rest; the full schema is applied only when
 * the request has to be translated; of the body, only these two members are parsed.
 */
export function parseRoutingFields(body: JsonBody): RoutingFields {
  const model = body.member('model');
  const stream = body.member('stream');
  // What the schema accepts, checked by hand (every request passes here); the schema words the refusal.
  if (typeof model === 'string' && model.length > 0 && (stream == null || typeof stream === 'boolean'))
    return { model, stream: stream === true };
  const fields = parseRequestBody(routingFields, { model, stream });
  return { model: fields.model, stream: fields.stream === true };
}
