import { describe, expect, it } from 'vitest';
import { formatAgentSession, parseAgentSession } from './agent-session.js';

describe('parseAgentSession', () => {
  it('reads name.id and a bare name (whose id is the name), and formats them back', () => {
    expect(parseAgentSession('claude.1a2b3c4d')).toEqual({ name: 'claude', id: '1a2b3c4d' });
    expect(parseAgentSession('review-bot')).toEqual({ name: 'review-bot', id: 'review-bot' });
    expect(formatAgentSession({ name: 'claude', id: '1a2b3c4d' })).toBe('claude.1a2b3c4d');
    expect(formatAgentSession({ name: 'review-bot', id: 'review-bot' })).toBe('review-bot');
  });

  it('refuses what cannot name a session', () => {
    for (const text of ['', '.id', 'bad name', 'a.b.c', 'name.', 'name.bad id', '-lead', 'x'.repeat(33)])
      expect(parseAgentSession(text)).toBeUndefined();
  });
});
