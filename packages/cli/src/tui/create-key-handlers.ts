import type { ChatController } from './chat-controller-types.js';
import type { ChatStore } from './chat-store.js';
import { editInput, insert, type EditorKey } from './input-buffer.js';

/** What the keys trigger beyond editing. */
export interface KeyActions {
  submit(text: string): void;
  complete(): void;
  confirmPicker(): void;
  confirmChoice(): void;
  submitField(): void;
  dismiss(): void;
}

type KeyHandlers = Pick<
  ChatController,
  'typeInPrompt' | 'pastePrompt' | 'typeInPicker' | 'typeInChoice' | 'typeInField'
>;
type Handler = (input: string, key: EditorKey) => void;

const PAGE = 10;

/**
 * Maps keys to state changes and actions. Every handler reads the state from the store at the
 * moment of the key (not from the last render), so keys that arrive faster than frames are
 * never lost. A terminal can deliver several keypresses in one chunk ("/model", Enter,
 * "opus"): a carriage return inside a chunk is Enter (pastes arrive separately, bracketed),
 * and what follows it goes to wherever that Enter led — the picker it opened, the dialog.
 */
export function createKeyHandlers(store: ChatStore, actions: KeyActions): KeyHandlers {
  const prompt: Handler = (input, key) => {
    const result = editInput(store.getState().input, input, key);
    if (result.kind === 'edit') store.dispatch({ type: 'input-changed', input: result.buffer });
    else if (result.kind === 'submit') actions.submit(result.text);
    else if (result.kind === 'history') store.dispatch({ type: 'history-browsed', direction: result.direction });
    else if (result.kind === 'complete') actions.complete();
  };

  const picker: Handler = (input, key) => {
    const overlay = store.getState().overlay;
    if (overlay.type !== 'model-picker') return;
    const move = verticalMove(input, key);
    if (move !== 0) return store.dispatch({ type: 'picker-moved', delta: move });
    if (key.return) return actions.confirmPicker();
    if (key.backspace || key.delete)
      return store.dispatch({ type: 'picker-filtered', filter: overlay.filter.slice(0, -1) });
    if (key.ctrl && input === 'u') return store.dispatch({ type: 'picker-filtered', filter: '' });
    const typed = printable(input, key);
    if (typed === '') return;
    if (typed.endsWith('\r')) {
      store.dispatch({ type: 'picker-filtered', filter: overlay.filter + typed.slice(0, -1) });
      return actions.confirmPicker();
    }
    store.dispatch({ type: 'picker-filtered', filter: overlay.filter + typed });
  };

  const choice: Handler = (input, key) => {
    const move = verticalMove(input, key) || (key.tab ? 1 : 0);
    if (move !== 0) return store.dispatch({ type: 'choice-moved', delta: Math.sign(move) });
    if (key.return || input.endsWith('\r')) return actions.confirmChoice();
    const overlay = store.getState().overlay;
    const digit = /^[1-9]$/u.test(input) ? Number(input) - 1 : -1;
    if (
      (overlay.type === 'choice' || overlay.type === 'fallback-offer') &&
      digit >= 0 &&
      digit < overlay.choices.length
    ) {
      store.dispatch({ type: 'choice-moved', delta: digit - overlay.selected });
      actions.confirmChoice();
    }
  };

  const field: Handler = (input, key) => {
    const overlay = store.getState().overlay;
    if (overlay.type !== 'form' && !(overlay.type === 'login-progress' && overlay.pasting)) return;
    if (key.return) return actions.submitField();
    if (key.upArrow || key.downArrow || key.tab) return;
    const result = editInput(overlay.field, input.replace(/\n/gu, ''), key);
    if (result.kind === 'edit') store.dispatch({ type: 'field-changed', field: result.buffer });
    else if (result.kind === 'submit') {
      store.dispatch({ type: 'field-changed', field: { text: result.text, cursor: result.text.length } });
      actions.submitField();
    }
  };

  const modal: Handler = (input, key) => {
    if (key.return || input.startsWith('\r')) actions.dismiss();
  };

  /** The handler of whatever has the keys now. */
  const focused = (): Handler => {
    const overlay = store.getState().overlay;
    switch (overlay.type) {
      case 'none':
        return prompt;
      case 'model-picker':
        return picker;
      case 'choice':
      case 'fallback-offer':
        return choice;
      case 'form':
        return field;
      case 'login-progress':
        return overlay.pasting ? field : () => undefined;
      case 'modal':
        return modal;
    }
  };

  const chunked =
    (handler: Handler): Handler =>
    (input, key) => {
      const enter = input.indexOf('\r');
      if (enter === -1 || enter === input.length - 1 || key.ctrl || key.meta) return handler(input, key);
      handler(input.slice(0, enter + 1), key);
      chunked(focused())(input.slice(enter + 1), key);
    };

  return {
    typeInPrompt: chunked(prompt),
    pastePrompt(text) {
      store.dispatch({ type: 'input-changed', input: insert(store.getState().input, text.replace(/\r\n?/gu, '\n')) });
    },
    typeInPicker: chunked(picker),
    typeInChoice: chunked(choice),
    typeInField: chunked(field),
  };
}

function verticalMove(input: string, key: EditorKey): number {
  if (key.upArrow || (key.ctrl && input === 'p')) return -1;
  if (key.downArrow || (key.ctrl && input === 'n')) return 1;
  if (key.pageUp) return -PAGE;
  if (key.pageDown) return PAGE;
  return 0;
}

function printable(input: string, key: EditorKey): string {
  if (key.ctrl || key.meta || key.tab || key.escape) return '';
  // Drop control characters but a trailing carriage return (typed text, then Enter, in one chunk).
  return input.replace(/[\u0000-\u000c\u000e-\u001f\u007f]/gu, '');
}
