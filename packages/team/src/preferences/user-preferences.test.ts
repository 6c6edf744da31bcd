import { describe, expect, it } from 'vitest';
import { DEFAULT_USER_PREFERENCES, parseUserPreferences } from './user-preferences.js';

describe('parseUserPreferences', () => {
  it('applies the fields given over the current ones, dropping duplicate providers', () => {
    const current = { chatModel: 'gpt-5', providers: ['openai' as const] };
    expect(parseUserPreferences({ providers: ['anthropic', 'anthropic'] }, current)).toEqual({
      chatModel: 'gpt-5',
      providers: ['anthropic'],
    });
    expect(parseUserPreferences({ chatModel: null }, current)).toEqual({ chatModel: null, providers: ['openai'] });
    expect(parseUserPreferences({}, DEFAULT_USER_PREFERENCES)).toEqual(DEFAULT_USER_PREFERENCES);
  });
  it('refuses what it cannot keep, in one line', () => {
    expect(() => parseUserPreferences([], DEFAULT_USER_PREFERENCES)).toThrow(/JSON object/);
    expect(() => parseUserPreferences({ theme: 'dark' }, DEFAULT_USER_PREFERENCES)).toThrow(/no field "theme"/);
    expect(() => parseUserPreferences({ chatModel: '' }, DEFAULT_USER_PREFERENCES)).toThrow(/chatModel/);
    expect(() => parseUserPreferences({ providers: ['openai', 'nope'] }, DEFAULT_USER_PREFERENCES)).toThrow(
      /provider ids/,
    );
  });
});
