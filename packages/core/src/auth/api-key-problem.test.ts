import { describe, expect, it } from 'vitest';
import { apiKeyProblem } from './api-key-problem.js';

describe('apiKeyProblem', () => {
  it('accepts real key shapes', () => {
    for (const key of ['sk-proj-abc_DEF-123', 'sk-ant-api03-xyz', 'AIzaSyA-b_c', 'a.b~c+d/e='])
      expect(apiKeyProblem(key)).toBeUndefined();
  });

  it('refuses control characters and whitespace without quoting the key', () => {
    const controls = [
      'sk-\u001b[31mred',
      '\u001b[200~sk-abc\u001b[201~',
      'sk-\u0000abc',
      'sk-abc\u0007',
      'sk-\u009babc',
      'sk-\u2028x',
    ];
    for (const key of controls) {
      const problem = apiKeyProblem(key);
      expect(problem).toMatch(/control characters/);
      expect(problem).not.toContain('sk-');
    }
    expect(apiKeyProblem('sk-abc def')).toBe('contains whitespace');
    expect(apiKeyProblem('sk-abc\tdef')).toMatch(/whitespace/);
  });
});
