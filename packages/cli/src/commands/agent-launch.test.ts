import { describe, expect, it } from 'vitest';
import { agentKind, agentLaunch, GATEWAY_TOKEN_VARIABLE } from './agent-launch.js';

const gateway = {
  url: 'http://127.0.0.1:5151',
  token: 'sbl_test_token_0001',
  model: 'gpt-5' as string | undefined,
  models: [
    { id: 'gpt-5', name: 'GPT-5' },
    { id: 'claude-opus-4-1', name: 'Claude Opus 4.1' },
  ],
};

describe('agentLaunch', () => {
  it('knows the agents by file name, wherever they are installed', () => {
    expect(agentKind('/usr/local/bin/claude')).toBe('claude');
    expect(agentKind('C:\\tools\\codex.exe')).toBe('codex');
    expect(agentKind('opencode')).toBe('opencode');
    expect(agentKind('aider')).toBe('other');
  });

  it('points Claude Code at the gateway with a bearer token and fills every model slot with the model', () => {
    const launch = agentLaunch('claude', ['-p', 'hi'], gateway);
    expect(launch.args).toEqual(['-p', 'hi']);
    expect(launch.set).toMatchObject({
      ANTHROPIC_BASE_URL: gateway.url,
      ANTHROPIC_AUTH_TOKEN: gateway.token,
      ANTHROPIC_MODEL: 'gpt-5',
      ANTHROPIC_DEFAULT_HAIKU_MODEL: 'gpt-5',
      CLAUDE_CODE_SUBAGENT_MODEL: 'gpt-5',
    });
    expect(launch.unset).toEqual(['ANTHROPIC_API_KEY']);
    const own = agentLaunch('claude', [], { ...gateway, model: undefined });
    expect(own.set['ANTHROPIC_MODEL']).toBeUndefined();
  });

  it('gives Codex a Responses provider through -c overrides, the token only through env_key', () => {
    const launch = agentLaunch('codex', ['exec', 'hi'], gateway);
    expect(launch.args).toEqual([
      '-c',
      'model_providers.switchboard.name="Switchboard"',
      '-c',
      'model_providers.switchboard.base_url="http://127.0.0.1:5151/v1"',
      '-c',
      'model_providers.switchboard.wire_api="responses"',
      '-c',
      `model_providers.switchboard.env_key="${GATEWAY_TOKEN_VARIABLE}"`,
      '-c',
      'model_provider="switchboard"',
      '-m',
      'gpt-5',
      'exec',
      'hi',
    ]);
    expect(launch.set).toEqual({ [GATEWAY_TOKEN_VARIABLE]: gateway.token });
    expect(launch.args.join(' ')).not.toContain(gateway.token);
  });

  it('gives opencode a provider in OPENCODE_CONFIG_CONTENT that reads the token from the environment', () => {
    const launch = agentLaunch('opencode', ['run', 'hi'], gateway);
    const config = JSON.parse(launch.set['OPENCODE_CONFIG_CONTENT'] ?? '{}') as {
      provider: { switchboard: { options: { baseURL: string; apiKey: string }; models: Record<string, unknown> } };
      model: string;
    };
    expect(config.model).toBe('switchboard/gpt-5');
    expect(config.provider.switchboard.options).toEqual({
      baseURL: 'http://127.0.0.1:5151/v1',
      apiKey: `{env:${GATEWAY_TOKEN_VARIABLE}}`,
    });
    expect(Object.keys(config.provider.switchboard.models)).toEqual(['gpt-5', 'claude-opus-4-1']);
    expect(launch.set['OPENCODE_CONFIG_CONTENT']).not.toContain(gateway.token);
    expect(launch.set[GATEWAY_TOKEN_VARIABLE]).toBe(gateway.token);
  });

  it('gives any other program both APIs’ conventional variables', () => {
    const launch = agentLaunch('python', ['agent.py'], gateway);
    expect(launch.set).toMatchObject({
      OPENAI_BASE_URL: 'http://127.0.0.1:5151/v1',
      OPENAI_API_KEY: gateway.token,
      ANTHROPIC_BASE_URL: gateway.url,
      ANTHROPIC_API_KEY: gateway.token,
    });
  });
});
