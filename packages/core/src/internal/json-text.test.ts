import { describe, expect, it } from 'vitest';
import { jsonNumber, jsonString } from './json-text.js';

describe('jsonString', () => {
  it.each([
    '',
    'openai',
    'req-1.a:b_c',
    'POST /v1/chat/completions?beta=true',
    'say "hi"',
    'back\\slash',
    'tab\tnew\nline',
    '\u0000\u001f\u007f',
    'wörld ✓ 日本',
    'pair \ud83d\ude00 lone \ud800 end',
    '</script>',
  ])('writes what JSON.stringify writes: %j', (value) => {
    expect(jsonString(value)).toBe(JSON.stringify(value));
    expect(JSON.parse(jsonString(value))).toBe(value);
  });
});

describe('jsonNumber', () => {
  it.each([0, -0, 1, 12.5, 0.001, 1e21, -3.25, 2 ** 53, Number.NaN, Infinity, -Infinity])(
    'writes what JSON.stringify writes: %d',
    (value) => {
      expect(jsonNumber(value)).toBe(JSON.stringify(value));
    },
  );
});
