import { describe, expect, it } from 'vitest';
import { closestIds, editDistance } from './closest-ids.js';

describe('editDistance', () => {
  it('counts insertions, deletions and substitutions', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('claude-opus-41', 'claude-opus-4-1')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
  });
});

describe('closestIds', () => {
  const candidates = [
    ['claude-opus-4-1', 'claude-opus-4-1'],
    ['opus', 'claude-opus-5-5'],
    ['claude-opus-5-5', 'claude-opus-5-5'],
    ['gpt-6.2-sol', 'gpt-6.2-sol'],
  ] as const;

  it('ranks by distance, case-insensitively, and lists an id once at its best name', () => {
    const listed = closestIds('OPSU', candidates);
    expect(listed[0]).toBe('claude-opus-5-5');
    expect(listed).toHaveLength(3);
    expect(new Set(listed).size).toBe(3);
    expect(closestIds('claude-opus-41', candidates, 2)).toEqual(['claude-opus-4-1', 'claude-opus-5-5']);
  });

  it('returns nothing without candidates', () => {
    expect(closestIds('anything', [])).toEqual([]);
  });
});
