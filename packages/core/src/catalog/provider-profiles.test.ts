import { describe, expect, it } from 'vitest';
import { apiKeyLabel, BUILTIN_PROVIDER_PROFILES } from './provider-profiles.js';

describe('apiKeyLabel', () => {
  it('calls each provider’s keys what its console and variable call them: OpenAI’s are not “ChatGPT” keys', () => {
    expect(apiKeyLabel(BUILTIN_PROVIDER_PROFILES.openai)).toBe('OpenAI API key');
    expect(apiKeyLabel(BUILTIN_PROVIDER_PROFILES.anthropic)).toBe('Anthropic API key');
    expect(apiKeyLabel(BUILTIN_PROVIDER_PROFILES.mistral)).toBe('Mistral API key');
    for (const profile of Object.values(BUILTIN_PROVIDER_PROFILES))
      expect(apiKeyLabel(profile)).not.toContain('ChatGPT');
  });
});
