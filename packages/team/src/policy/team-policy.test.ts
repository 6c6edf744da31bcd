import { SwitchboardError } from '@switchboard/core';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TEAM_POLICY, isProviderAllowed, parseTeamPolicy } from './team-policy.js';

function refusal(value: unknown): SwitchboardError {
  try {
    parseTeamPolicy(value);
  } catch (error) {
    if (error instanceof SwitchboardError) return error;
    throw error;
  }
  throw new Error('accepted');
}

describe('parseTeamPolicy', () => {
  it('normalizes a policy: duplicates dropped, userMayChange defaulting to true, model ids trimmed', () => {
    expect(
      parseTeamPolicy({
        allowProviders: ['openai', 'anthropic', 'openai'],
        defaults: { chat: { model: ' gpt-5 ' }, summary: { model: 'claude-haiku-4-5', userMayChange: false } },
      }),
    ).toEqual({
      allowProviders: ['openai', 'anthropic'],
      denyProviders: [],
      defaults: {
        chat: { model: 'gpt-5', userMayChange: true },
        summary: { model: 'claude-haiku-4-5', userMayChange: false },
      },
    });
    expect(parseTeamPolicy({})).toEqual(DEFAULT_TEAM_POLICY);
  });

  it.each([
    ['a non-object', [], 'The policy must be a JSON object.'],
    ['an unknown field', { allow: ['openai'] }, 'The policy has an unknown field "allow".'],
    ['an unknown provider', { denyProviders: ['openia'] }, 'denyProviders has an unknown provider "openia".'],
    [
      'a provider list that is not a list',
      { allowProviders: 'openai' },
      'allowProviders must be a list of provider ids.',
    ],
    [
      'an unknown context',
      { defaults: { code: { model: 'x' } } },
      'defaults has an unknown context "code"; use chat, structured, summary, doc.',
    ],
    ['an empty model', { defaults: { chat: { model: ' ' } } }, 'defaults.chat.model must be a model id.'],
    [
      'a long model',
      { defaults: { doc: { model: 'm'.repeat(201) } } },
      'defaults.doc.model is longer than 200 characters.',
    ],
    [
      'a non-boolean switch',
      { defaults: { chat: { model: 'gpt-5', userMayChange: 'no' } } },
      'defaults.chat.userMayChange must be true or false.',
    ],
  ])('refuses %s with one line and a 400', (_name, value, message) => {
    const error = refusal(value);
    expect(error.code).toBe('INVALID_REQUEST');
    expect(error.status).toBe(400);
    expect(error.message).toBe(message);
  });
});

describe('isProviderAllowed', () => {
  it('allows everything without lists, only the allowed ones with an allow list, and deny wins', () => {
    expect(isProviderAllowed(DEFAULT_TEAM_POLICY, 'mistral')).toBe(true);
    const policy = parseTeamPolicy({ allowProviders: ['openai', 'anthropic'], denyProviders: ['anthropic'] });
    expect(isProviderAllowed(policy, 'openai')).toBe(true);
    expect(isProviderAllowed(policy, 'anthropic')).toBe(false);
    expect(isProviderAllowed(policy, 'google')).toBe(false);
    expect(isProviderAllowed(parseTeamPolicy({ denyProviders: ['bedrock'] }), 'bedrock')).toBe(false);
  });
});
