import { describe, expect, it } from 'vitest';
import { isSwitchboardError } from '../errors.js';
import { createMistralRuntime } from './create-mistral-runtime.js';
import { createProviderRegistry } from './create-provider-registry.js';

describe('createProviderRegistry', () => {
  it('finds adapters by provider id, transport and route', () => {
    const registry = createProviderRegistry();
    expect(registry.get('openai').transports).toEqual([
      'openai-responses',
      'openai-chat',
      'codex-responses',
      'codex-cli',
    ]);
    expect(registry.forTransport('claude-code-cli').id).toBe('anthropic');
    expect(registry.forTransport('bedrock-converse').id).toBe('bedrock');
    expect(registry.forRoute({ provider: 'vertex', transport: 'vertex-anthropic' }).id).toBe('vertex');
    expect(registry.list().map((entry) => entry.id)).toEqual([
      'openai',
      'anthropic',
      'google',
      'mistral',
      'azure',
      'vertex',
      'bedrock',
      'openai-compatible',
    ]);
  });

  it('refuses unknown providers, unknown transports and mismatched routes', () => {
    const registry = createProviderRegistry();
    expect(() => registry.get('nope' as 'openai')).toThrow(expect.objectContaining({ code: 'UNKNOWN_PROVIDER' }));
    expect(() => registry.forTransport('carrier-pigeon')).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG' }));
    expect(() => registry.forRoute({ provider: 'openai', transport: 'gemini' })).toThrow(/belongs to "google"/);
  });

  it('keeps a status per provider, set by health checks, with the time it changed', () => {
    let now = 1_000;
    const registry = createProviderRegistry({ now: () => now });
    expect(registry.entry('google').status).toBe('unconfigured');
    now = 2_000;
    registry.setStatus('google', 'down', 'NETWORK');
    now = 3_000;
    registry.setStatus('openai', 'ready');
    const google = registry.entry('google');
    expect(google).toMatchObject({ status: 'down', statusDetail: 'NETWORK', statusChangedAt: 2_000 });
    expect(registry.entry('openai')).toMatchObject({ status: 'ready', statusChangedAt: 3_000 });
    // One provider's status never touches another's.
    expect(registry.entry('anthropic')).toMatchObject({ status: 'unconfigured', statusChangedAt: 1_000 });
    now = 4_000;
    registry.setStatus('google', 'down', 'NETWORK');
    expect(registry.entry('google').statusChangedAt).toBe(2_000);
    expect(registry.entry('google').capabilities).toEqual({ tools: true, streaming: true, reasoning: true });
  });

  it('takes its own adapters and refuses two that claim the same transport', () => {
    const registry = createProviderRegistry({ runtimes: [createMistralRuntime()], initialStatus: 'ready' });
    expect(registry.list()).toHaveLength(1);
    expect(registry.entry('mistral').status).toBe('ready');
    try {
      createProviderRegistry({ runtimes: [createMistralRuntime(), { ...createMistralRuntime(), id: 'azure' }] });
      expect.unreachable();
    } catch (error) {
      expect(isSwitchboardError(error, 'INVALID_CONFIG')).toBe(true);
    }
  });
});
