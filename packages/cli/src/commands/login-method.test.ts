import { describe, expect, it } from 'vitest';
import { BUILTIN_PROVIDER_PROFILES } from '@switchboard/core';
import { methodChoicesFor, resolveLoginMethod } from './login-method.js';

describe('resolveLoginMethod', () => {
  it('maps the browser, device and paste flows to the oauth method', () => {
    expect(resolveLoginMethod(BUILTIN_PROVIDER_PROFILES.openai, 'browser')).toEqual({
      method: 'oauth',
      flow: 'browser',
    });
    expect(resolveLoginMethod(BUILTIN_PROVIDER_PROFILES.openai, 'device')).toEqual({ method: 'oauth', flow: 'device' });
    expect(resolveLoginMethod(BUILTIN_PROVIDER_PROFILES.google, 'paste')).toEqual({ method: 'oauth', flow: 'paste' });
  });
  it("defaults to the provider's first method (browser flow for sign-in providers)", () => {
    expect(resolveLoginMethod(BUILTIN_PROVIDER_PROFILES.openai, undefined)).toEqual({
      method: 'oauth',
      flow: 'browser',
    });
    expect(resolveLoginMethod(BUILTIN_PROVIDER_PROFILES.mistral, undefined)).toEqual({ method: 'api-key' });
    expect(resolveLoginMethod({ ...BUILTIN_PROVIDER_PROFILES.azure, defaultMethod: 'api-key' }, undefined)).toEqual({
      method: 'api-key',
    });
  });
  it("rejects a method the provider lacks as UNSUPPORTED_METHOD listing that provider's methods", () => {
    expect(() => resolveLoginMethod(BUILTIN_PROVIDER_PROFILES.mistral, 'device')).toThrow(
      expect.objectContaining({
        code: 'UNSUPPORTED_METHOD',
        message: 'Mistral (mistral) does not support --method device. Use one of: api-key.',
      }),
    );
    expect(() => resolveLoginMethod(BUILTIN_PROVIDER_PROFILES.vertex, 'api-key')).toThrow(
      expect.objectContaining({ code: 'UNSUPPORTED_METHOD' }),
    );
  });
  it('lists choices in the order of preference', () => {
    expect(methodChoicesFor(BUILTIN_PROVIDER_PROFILES.anthropic)).toEqual([
      'api-key',
      'claude-code',
      'browser',
      'device',
      'paste',
    ]);
  });
});
