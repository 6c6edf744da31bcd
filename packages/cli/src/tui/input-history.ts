import { inputOf, type InputBuffer } from './input-buffer.js';

/** Submitted inputs, newest last, and where Up/Down currently are in them. */
export interface InputHistory {
  readonly entries: readonly string[];
  /** Index into `entries` being shown, or null when editing the draft. */
  readonly position: number | null;
  /** What was typed before browsing the history; restored when leaving it. */
  readonly draft: string;
}

const LIMIT = 200;

/** An empty history. */
export const EMPTY_HISTORY: InputHistory = { entries: [], position: null, draft: '' };

/** Records a submitted input (consecutive duplicates and blank lines are skipped). */
export function remember(history: InputHistory, text: string): InputHistory {
  const entries =
    text.trim() === '' || history.entries.at(-1) === text ? history.entries : [...history.entries, text].slice(-LIMIT);
  return { entries, position: null, draft: '' };
}

/** Moves through the history; returns the new history and the input to show, or null when there is nowhere to go. */
export function browse(
  history: InputHistory,
  current: InputBuffer,
  direction: 'previous' | 'next',
): { history: InputHistory; input: InputBuffer } | null {
  const { entries, position } = history;
  if (direction === 'previous') {
    const next = position === null ? entries.length - 1 : position - 1;
    if (next < 0) return null;
    const draft = position === null ? current.text : history.draft;
    return { history: { entries, position: next, draft }, input: inputOf(entries[next] ?? '') };
  }
  if (position === null) return null;
  const next = position + 1;
  if (next >= entries.length) return { history: { entries, position: null, draft: '' }, input: inputOf(history.draft) };
  return { history: { entries, position: next, draft: history.draft }, input: inputOf(entries[next] ?? '') };
}
