import { describe, expect, it } from 'vitest';
import { editInput, inputOf, type EditorKey } from './input-buffer.js';

const none: EditorKey = {
  upArrow: false,
  downArrow: false,
  leftArrow: false,
  rightArrow: false,
  pageUp: false,
  pageDown: false,
  home: false,
  end: false,
  return: false,
  escape: false,
  ctrl: false,
  meta: false,
  tab: false,
  backspace: false,
  delete: false,
};
const key = (overrides: Partial<EditorKey>): EditorKey => ({ ...none, ...overrides });

describe('editInput', () => {
  it('inserts typed text at the cursor and submits on Enter', () => {
    const typed = editInput({ text: 'held', cursor: 3 }, 'l', none);
    expect(typed).toEqual({ kind: 'edit', buffer: { text: 'helld', cursor: 4 } });
    expect(editInput(inputOf('hello'), '', key({ return: true }))).toEqual({ kind: 'submit', text: 'hello' });
  });

  it('starts a new line with Alt-Enter, Ctrl-J and a trailing backslash', () => {
    expect(editInput(inputOf('a'), '', key({ return: true, meta: true }))).toEqual({
      kind: 'edit',
      buffer: { text: 'a\n', cursor: 2 },
    });
    expect(editInput(inputOf('a'), '\n', none)).toEqual({ kind: 'edit', buffer: { text: 'a\n', cursor: 2 } });
    expect(editInput(inputOf('a\\'), '', key({ return: true }))).toEqual({
      kind: 'edit',
      buffer: { text: 'a\n', cursor: 2 },
    });
  });

  it('treats a chunk ending in a carriage return as typed text, then Enter', () => {
    expect(editInput(inputOf('say '), 'hi\r', none)).toEqual({ kind: 'submit', text: 'say hi' });
  });

  it('moves between lines with the arrows and reaches the history only from the first and last line', () => {
    const twoLines = { text: 'first\nsecond', cursor: 9 };
    expect(editInput(twoLines, '', key({ upArrow: true }))).toEqual({
      kind: 'edit',
      buffer: { text: 'first\nsecond', cursor: 3 },
    });
    expect(editInput({ text: 'first\nsecond', cursor: 3 }, '', key({ upArrow: true }))).toEqual({
      kind: 'history',
      direction: 'previous',
    });
    expect(editInput(twoLines, '', key({ downArrow: true }))).toEqual({ kind: 'history', direction: 'next' });
  });

  it('deletes backwards, forwards, by word and to the line start', () => {
    expect(editInput(inputOf('abc'), '', key({ backspace: true }))).toEqual({
      kind: 'edit',
      buffer: { text: 'ab', cursor: 2 },
    });
    expect(editInput({ text: 'abc', cursor: 0 }, '', key({ delete: true }))).toEqual({
      kind: 'edit',
      buffer: { text: 'bc', cursor: 0 },
    });
    expect(editInput(inputOf('one two'), 'w', key({ ctrl: true }))).toEqual({
      kind: 'edit',
      buffer: { text: 'one ', cursor: 4 },
    });
    expect(editInput(inputOf('x\none two'), 'u', key({ ctrl: true }))).toEqual({
      kind: 'edit',
      buffer: { text: 'x\n', cursor: 2 },
    });
    expect(editInput({ text: 'abc', cursor: 0 }, '', key({ backspace: true }))).toEqual({ kind: 'ignored' });
  });

  it('asks for completion on Tab', () => {
    expect(editInput(inputOf('/mo'), '', key({ tab: true }))).toEqual({ kind: 'complete' });
  });
});
