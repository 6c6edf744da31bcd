import { describe, expect, it } from 'vitest';
import { inputOf } from './input-buffer.js';
import { browse, EMPTY_HISTORY, remember } from './input-history.js';

describe('input history', () => {
  it('walks back through submitted inputs and returns to the draft', () => {
    const history = remember(remember(EMPTY_HISTORY, 'first'), 'second');
    const back = browse(history, inputOf('draft'), 'previous');
    expect(back?.input.text).toBe('second');
    const further = back && browse(back.history, back.input, 'previous');
    expect(further?.input.text).toBe('first');
    expect(further && browse(further.history, further.input, 'previous')).toBeNull();
    const forward = further && browse(further.history, further.input, 'next');
    const draft = forward && browse(forward.history, forward.input, 'next');
    expect(forward?.input.text).toBe('second');
    expect(draft?.input.text).toBe('draft');
    expect(draft?.history.position).toBeNull();
  });

  it('skips blank inputs and consecutive duplicates', () => {
    const history = remember(remember(remember(EMPTY_HISTORY, 'same'), 'same'), '   ');
    expect(history.entries).toEqual(['same']);
  });
});
