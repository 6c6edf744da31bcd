import { describe, expect, it } from 'vitest';
import { parseSlashCommand } from './parse-slash-command.js';
import { SLASH_COMMAND_DEFINITIONS, type SlashCommandContext, type SlashIntent } from './run-slash-command.js';

// These commands decide from their arguments alone: they never read the chat's context.
const UNUSED = {} as SlashCommandContext;

function intentOf(line: string): SlashIntent | Promise<SlashIntent> {
  const command = parseSlashCommand(line);
  if (!command) throw new Error(`not a command: ${line}`);
  const definition = SLASH_COMMAND_DEFINITIONS.find(
    (candidate) => candidate.name === command.name || candidate.altNames?.includes(command.name),
  );
  if (!definition) throw new Error(`no such command: ${command.name}`);
  return definition.action(command, UNUSED);
}

describe('slash commands return intents', () => {
  it('says what to do as data, for the controller to carry out', () => {
    expect(intentOf('/logout claude')).toEqual({ type: 'logout', provider: 'claude' });
    expect(intentOf('/logout --provider=gemini')).toEqual({ type: 'logout', provider: 'gemini' });
    expect(intentOf('/logout')).toEqual({ type: 'choose-logout-provider' });
    expect(intentOf('/clear')).toEqual({ type: 'clear' });
    expect(intentOf('/exit')).toEqual({ type: 'quit' });
    expect(intentOf('/quit')).toEqual({ type: 'quit' });
    expect(intentOf('/help')).toMatchObject({ type: 'show', entry: { kind: 'help' } });
  });

  it('/login resolves aliases and refuses a bad method with one notice', async () => {
    expect(await intentOf('/login --provider=claude --method=api-key')).toEqual({
      type: 'login',
      provider: 'anthropic',
      method: 'api-key',
    });
    expect(await intentOf('/login')).toEqual({ type: 'choose-login-provider' });
    expect(await intentOf('/login claude --method=telepathy')).toMatchObject({ type: 'notice', tone: 'error' });
    expect(await intentOf('/login nowhere')).toMatchObject({ type: 'notice', tone: 'error' });
  });
});
