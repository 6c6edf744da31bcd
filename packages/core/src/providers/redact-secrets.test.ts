import { describe, expect, it } from 'vitest';
import { credentialSecrets, redactSecrets } from './redact-secrets.js';

describe('redactSecrets', () => {
  it('removes the given secrets wherever they appear', () => {
    expect(redactSecrets('key abc123def456 and again abc123def456!', ['abc123def456'])).toBe(
      'key [redacted] and again [redacted]!',
    );
  });

  it('removes Bearer tokens, API-key shapes, JWTs and key= parameters it was not told about', () => {
    const text = [
      'Authorization: Bearer ya29.a0AfH6SMBx-token_value',
      'sk-ant-api03-abcdefghijklmnopqrstuvwxyz',
      'AIzaSyA1234567890abcdefghijklmnopqrstu',
      'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
      'https://x.test/v1/models?key=supersecretvalue&alt=sse',
      '{"api_key": "hidden-value"}',
    ].join('\n');
    const redacted = redactSecrets(text);
    for (const secret of [
      'ya29.a0AfH6SMBx-token_value',
      'sk-ant-api03',
      'AIzaSyA1234567890',
      'eyJhbGciOiJIUzI1NiJ9.',
      'supersecretvalue',
      'hidden-value',
    ]) {
      expect(redacted).not.toContain(secret);
    }
    expect(redacted).toContain('Bearer [redacted]');
    expect(redacted).toContain('key=[redacted]&alt=sse');
  });

  it('leaves ordinary text and very short values alone', () => {
    expect(redactSecrets('The model is overloaded, try again.', ['ab'])).toBe('The model is overloaded, try again.');
  });
});

describe('credentialSecrets', () => {
  it('lists the secret parts of each credential kind (an AWS access key id is not secret)', () => {
    expect(credentialSecrets({ provider: 'openai', method: 'api-key', apiKey: 'k1', source: 'session' })).toEqual([
      'k1',
    ]);
    expect(credentialSecrets({ provider: 'google', method: 'oauth', accessToken: 't1' })).toEqual(['t1']);
    expect(
      credentialSecrets({
        provider: 'bedrock',
        method: 'aws',
        accessKeyId: 'AKIA',
        secretAccessKey: 's1',
        sessionToken: 's2',
      }),
    ).toEqual(['s1', 's2']);
    expect(credentialSecrets({ provider: 'anthropic', method: 'claude-code' })).toEqual([]);
    expect(credentialSecrets(null)).toEqual([]);
  });
});
