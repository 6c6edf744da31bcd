import { describe, expect, it } from 'vitest';
import { formatModelLabel, formatUsd } from './format-model-label.js';

describe('formatModelLabel', () => {
  it('renders the picker line of DESIGN.md', () => {
    const model = {
      name: 'Claude Opus 4.1',
      reasoningTier: 'ultra premium',
      price: { inputPerMillion: 15, outputPerMillion: 75 },
    } as const;
    expect(formatModelLabel(model)).toBe('Claude Opus 4.1 (ultra premium) — $15/$75');
  });

  it('shows whole dollars bare and cents with two digits, keeping finer prices exact', () => {
    expect([15, 1.25, 0.1, 0.5, 0.075, 0].map(formatUsd)).toEqual(['$15', '$1.25', '$0.10', '$0.50', '$0.075', '$0']);
  });
});
