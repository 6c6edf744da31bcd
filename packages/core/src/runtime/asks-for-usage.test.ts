import { describe, expect, it } from 'vitest';
import { asksForUsage } from './asks-for-usage.js';
import { scanJsonBody } from './json-body.js';

const body = (text: string) => scanJsonBody(Buffer.from(text))!;

describe('asksForUsage', () => {
  it('is true only for stream_options.include_usage === true', () => {
    expect(asksForUsage(body('{"model":"m","stream_options":{"include_usage":true}}'))).toBe(true);
    expect(asksForUsage(body('{"model":"m","stream_options":{"include_usage":false}}'))).toBe(false);
    expect(asksForUsage(body('{"model":"m","stream_options":null}'))).toBe(false);
    expect(asksForUsage(body('{"model":"m"}'))).toBe(false);
  });

  it('reads a stream_options that is not JSON as asking for nothing, without throwing', () => {
    expect(asksForUsage(body('{"model":"m","stream_options":{include_usage:true}}'))).toBe(false);
  });
});
