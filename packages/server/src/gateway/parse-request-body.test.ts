import { describe, expect, it } from 'vitest';
import { jsonBodyOf } from '@switchboard/core';
import { parseRoutingFields } from './parse-request-body.js';

const fieldsOf = (value: Record<string, unknown>) => parseRoutingFields(jsonBodyOf(value));

describe('parseRoutingFields', () => {
  it('takes the model and whether to stream, and nothing else of the body', () => {
    expect(fieldsOf({ model: 'gpt-5', stream: true, messages: 'not checked here' })).toEqual({
      model: 'gpt-5',
      stream: true,
    });
    expect(fieldsOf({ model: 'gpt-5', stream: false })).toEqual({ model: 'gpt-5', stream: false });
    expect(fieldsOf({ model: 'gpt-5', stream: null })).toEqual({ model: 'gpt-5', stream: false });
    expect(fieldsOf({ model: 'gpt-5' })).toEqual({ model: 'gpt-5', stream: false });
  });

  it('refuses a missing or empty model and a stream that is not a boolean, naming the field', () => {
    for (const [body, param] of [
      [{ stream: true }, 'model'],
      [{ model: '' }, 'model'],
      [{ model: 7 }, 'model'],
      [{ model: 'gpt-5', stream: 'yes' }, 'stream'],
    ] as const) {
      expect(() => fieldsOf(body)).toThrow(expect.objectContaining({ code: 'INVALID_REQUEST', param }));
      expect(() => fieldsOf(body)).toThrow(`Invalid request body at ${param}:`);
    }
  });
});
