import { describe, expect, it } from 'vitest';
import { completeCommand, matchingCommands } from './complete-command.js';
import { parseSlashCommand } from './parse-slash-command.js';

describe('parseSlashCommand', () => {
  it('reads flags in both forms and positional arguments', () => {
    expect(parseSlashCommand('/login --provider=claude')).toEqual({
      name: '/login',
      flags: { provider: 'claude' },
      args: [],
    });
    expect(parseSlashCommand('/LOGIN --provider gemini --status')).toEqual({
      name: '/login',
      flags: { provider: 'gemini', status: true },
      args: [],
    });
    expect(parseSlashCommand('/model claude opus')).toEqual({ name: '/model', flags: {}, args: ['claude', 'opus'] });
    expect(parseSlashCommand('hello /model')).toBeNull();
  });
});

describe('command completion', () => {
  it('completes a unique command name with a space and lists every match', () => {
    expect(completeCommand('/mo', [])).toEqual({ candidates: ['/model'], completed: '/model ' });
    expect(completeCommand('/lo', []).candidates).toEqual(['/login', '/logout']);
    expect(completeCommand('/lo', []).completed).toBe('/log');
    expect(matchingCommands('/q').map((command) => command.name)).toEqual(['/quit']);
    expect(matchingCommands('/model x')).toEqual([]);
  });

  it('completes provider names after --provider= and /logout', () => {
    const providers = ['anthropic', 'chatgpt', 'claude', 'gemini', 'google'];
    expect(completeCommand('/login --provider=cla', providers).completed).toBe('/login --provider=claude ');
    expect(completeCommand('/logout g', providers).candidates).toEqual(['gemini', 'google']);
    expect(completeCommand('hello', providers).completed).toBeNull();
  });
});
