import type { EditorKey } from './input-buffer.js';

/** What the components call with the keys they receive; implemented by the chat controller. */
export interface ChatController {
  /** A key in the message input: edit, Enter submits, ↑↓ history, Tab completes. */
  typeInPrompt(input: string, key: EditorKey): void;
  /** Pasted text (bracketed paste), newlines kept. */
  pastePrompt(text: string): void;
  /** A key in the `/model` picker: typing filters, ↑↓ move, Enter selects. */
  typeInPicker(input: string, key: EditorKey): void;
  /** A key in a choice dialog: ↑↓ move, Enter chooses. */
  typeInChoice(input: string, key: EditorKey): void;
  /** A key in a form field or the paste prompt of a login. */
  typeInField(input: string, key: EditorKey): void;
  /** Enter on a notice dialog. */
  dismiss(): void;
  /** Esc: stops the answer or the login, or closes the dialog. */
  escape(): void;
  /** Ctrl-C: stops what runs, clears the input; a second press with nothing to stop leaves. */
  interrupt(): void;
  /** Reads sessions and config again (the picker polls it: logins in other terminals show up). */
  refresh(): Promise<void>;
  /** Stops streams and logins before leaving. */
  dispose(): void;
}
