import { describe, expect, it } from 'vitest';
import { ERROR_CODES, SwitchboardError } from '@switchboard/core';
import { anthropicDialect } from '../anthropic/anthropic-dialect.js';
import { openaiDialect } from '../openai/openai-dialect.js';
import { GatewayRequestError } from './gateway-request-error.js';
import { httpStatusFor } from './http-status-for.js';

describe('one error mapping per API', () => {
  it('gives every error code a status', () => {
    for (const code of ERROR_CODES) expect(httpStatusFor(new SwitchboardError(code, 'x'))).toBeGreaterThanOrEqual(400);
  });

  it('maps the codes clients branch on', () => {
    const status = (code: (typeof ERROR_CODES)[number]) => httpStatusFor(new SwitchboardError(code, 'x'));
    expect(status('LOGIN_REQUIRED')).toBe(401);
    expect(status('SESSION_EXPIRED')).toBe(401);
    expect(status('PERMISSION_DENIED')).toBe(403);
    expect(status('RATE_LIMITED')).toBe(429);
    expect(status('UNKNOWN_MODEL')).toBe(404);
    expect(status('MODEL_NOT_FOUND')).toBe(404);
    expect(status('INVALID_REQUEST')).toBe(400);
    expect(status('PROVIDER_UNAVAILABLE')).toBe(503);
    expect(status('TIMEOUT')).toBe(504);
    expect(httpStatusFor(new SwitchboardError('INVALID_REQUEST', 'big', { status: 413 }))).toBe(413);
    expect(httpStatusFor(new SwitchboardError('RATE_LIMITED', 'x', { status: 500 }))).toBe(429);
  });

  it('renders OpenAI errors with type, param, code and retry-after', () => {
    const rendered = openaiDialect.errorResponse(
      new SwitchboardError('RATE_LIMITED', 'Slow down.', { retryAfterSeconds: 2.2 }),
      'req',
    );
    expect(rendered).toEqual({
      status: 429,
      body: { error: { message: 'Slow down.', type: 'requests', param: null, code: 'rate_limit_exceeded' } },
      headers: { 'retry-after': '3' },
    });
    const field = openaiDialect.errorResponse(
      new GatewayRequestError('INVALID_REQUEST', 'bad', { param: 'messages.0' }),
      'req',
    );
    expect(field.body).toEqual({
      error: { message: 'bad', type: 'invalid_request_error', param: 'messages.0', code: 'invalid_request' },
    });
    expect(openaiDialect.errorResponse(new SwitchboardError('UNKNOWN_MODEL', 'no'), 'req').body).toMatchObject({
      error: { param: 'model', code: 'model_not_found' },
    });
  });

  it('renders Anthropic errors with its types and 529 for an unavailable provider', () => {
    expect(anthropicDialect.errorResponse(new SwitchboardError('PROVIDER_UNAVAILABLE', 'busy'), 'req-1')).toEqual({
      status: 529,
      body: { type: 'error', error: { type: 'overloaded_error', message: 'busy' }, request_id: 'req-1' },
      headers: {},
    });
    expect(anthropicDialect.errorResponse(new SwitchboardError('LOGIN_REQUIRED', 'log in'), 'r').body).toMatchObject({
      error: { type: 'authentication_error' },
    });
    expect(
      anthropicDialect.errorResponse(new SwitchboardError('INVALID_REQUEST', 'big', { status: 413 }), 'r').body,
    ).toMatchObject({ error: { type: 'request_too_large' } });
  });
});
