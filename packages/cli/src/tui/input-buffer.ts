import type { Key } from 'ink';

/** The text being typed and where the cursor is (a UTF-16 offset into `text`). */
export interface InputBuffer {
  readonly text: string;
  readonly cursor: number;
}

/** An empty input line. */
export const EMPTY_INPUT: InputBuffer = { text: '', cursor: 0 };

/** The parts of Ink's key description the editor reads. */
export type EditorKey = Pick<
  Key,
  | 'upArrow'
  | 'downArrow'
  | 'leftArrow'
  | 'rightArrow'
  | 'pageUp'
  | 'pageDown'
  | 'home'
  | 'end'
  | 'return'
  | 'escape'
  | 'ctrl'
  | 'meta'
  | 'tab'
  | 'backspace'
  | 'delete'
>;

/** What one keypress means for the input. */
export type InputEdit =
  | { kind: 'edit'; buffer: InputBuffer }
  | { kind: 'submit'; text: string }
  | { kind: 'history'; direction: 'previous' | 'next' }
  | { kind: 'complete' }
  | { kind: 'ignored' };

/** Builds a buffer holding `text` with the cursor at its end. */
export function inputOf(text: string): InputBuffer {
  return { text, cursor: text.length };
}

/**
 * Applies one keypress to a multi-line input. Enter submits; Alt-Enter, Ctrl-J or a trailing
 * `\` before Enter start a new line. Up/Down move between lines and reach the history at the
 * first/last line. A chunk of typed text that ends in a carriage return (a terminal delivers
 * "text, then Enter" typed quickly as one chunk) is inserted, then submitted.
 */
export function editInput(buffer: InputBuffer, input: string, key: EditorKey): InputEdit {
  const { text, cursor } = buffer;
  if (key.return) {
    if (key.meta) return edit(insert(buffer, '\n'));
    if (text.slice(0, cursor).endsWith('\\'))
      return edit({ text: `${text.slice(0, cursor - 1)}\n${text.slice(cursor)}`, cursor });
    return { kind: 'submit', text };
  }
  if (key.tab) return { kind: 'complete' };
  if (key.escape) return { kind: 'ignored' };
  if (key.backspace) {
    if (key.meta) return edit(deleteWordBefore(buffer));
    return cursor === 0
      ? { kind: 'ignored' }
      : edit({ text: text.slice(0, cursor - 1) + text.slice(cursor), cursor: cursor - 1 });
  }
  if (key.delete)
    return cursor >= text.length
      ? { kind: 'ignored' }
      : edit({ text: text.slice(0, cursor) + text.slice(cursor + 1), cursor });
  if (key.leftArrow) return edit({ text, cursor: Math.max(0, cursor - 1) });
  if (key.rightArrow) return edit({ text, cursor: Math.min(text.length, cursor + 1) });
  if (key.upArrow) return moveVertically(buffer, -1);
  if (key.downArrow) return moveVertically(buffer, 1);
  if (key.home) return edit({ text, cursor: lineStart(text, cursor) });
  if (key.end) return edit({ text, cursor: lineEnd(text, cursor) });
  if (key.ctrl) return controlKey(buffer, input);
  if (input === '') return { kind: 'ignored' };
  if (input.endsWith('\r')) {
    const typed = insert(buffer, normalizeNewlines(input.slice(0, -1)));
    return { kind: 'submit', text: typed.text };
  }
  return edit(insert(buffer, normalizeNewlines(input)));
}

/** Inserts text at the cursor. */
export function insert(buffer: InputBuffer, value: string): InputBuffer {
  return {
    text: buffer.text.slice(0, buffer.cursor) + value + buffer.text.slice(buffer.cursor),
    cursor: buffer.cursor + value.length,
  };
}

/** The buffer split into lines, with the cursor's line and column. */
export function cursorPosition(buffer: InputBuffer): { line: number; column: number } {
  const before = buffer.text.slice(0, buffer.cursor).split('\n');
  return { line: before.length - 1, column: (before.at(-1) ?? '').length };
}

function controlKey(buffer: InputBuffer, input: string): InputEdit {
  const { text, cursor } = buffer;
  switch (input) {
    case 'a':
      return edit({ text, cursor: lineStart(text, cursor) });
    case 'e':
      return edit({ text, cursor: lineEnd(text, cursor) });
    case 'u':
      return edit({
        text: text.slice(0, lineStart(text, cursor)) + text.slice(cursor),
        cursor: lineStart(text, cursor),
      });
    case 'k':
      return edit({ text: text.slice(0, cursor) + text.slice(lineEnd(text, cursor)), cursor });
    case 'w':
      return edit(deleteWordBefore(buffer));
    case 'j':
      return edit(insert(buffer, '\n'));
    default:
      return { kind: 'ignored' };
  }
}

function moveVertically(buffer: InputBuffer, direction: -1 | 1): InputEdit {
  const lines = buffer.text.split('\n');
  const { line, column } = cursorPosition(buffer);
  const target = line + direction;
  if (target < 0) return { kind: 'history', direction: 'previous' };
  if (target >= lines.length) return { kind: 'history', direction: 'next' };
  let offset = 0;
  for (let index = 0; index < target; index += 1) offset += (lines[index] ?? '').length + 1;
  return edit({ text: buffer.text, cursor: offset + Math.min(column, (lines[target] ?? '').length) });
}

function deleteWordBefore(buffer: InputBuffer): InputBuffer {
  const before = buffer.text.slice(0, buffer.cursor);
  const start = before.replace(/\S+\s*$|\s+$/u, '').length;
  return { text: before.slice(0, start) + buffer.text.slice(buffer.cursor), cursor: start };
}

function lineStart(text: string, cursor: number): number {
  return text.lastIndexOf('\n', cursor - 1) + 1;
}

function lineEnd(text: string, cursor: number): number {
  const end = text.indexOf('\n', cursor);
  return end === -1 ? text.length : end;
}

function normalizeNewlines(value: string): string {
  return value.replace(/\r\n?/g, '\n');
}

function edit(buffer: InputBuffer): InputEdit {
  return { kind: 'edit', buffer };
}
