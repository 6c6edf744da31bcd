import { EMPTY_INPUT, type InputBuffer } from './input-buffer.js';
import { EMPTY_HISTORY, type InputHistory } from './input-history.js';
import type { PickerModel } from './picker-model.js';
import type { SlashCommandHelp } from './slash-commands.js';

/** How a notice reads: plain, good news, caution, failure. */
export type Tone = 'info' | 'success' | 'warning' | 'error';

/** One provider in `/login --status`: `✅ ChatGPT: logged in (expires in 7 days)`. */
export interface LoginStatusRow {
  readonly loggedIn: boolean;
  readonly name: string;
  /** `logged in (expires in 7 days)` or `not logged in`. */
  readonly summary: string;
  /** Method, account, plan. */
  readonly details: string | null;
  readonly active: boolean;
}

/** A finished part of the conversation, printed once into the terminal's scrollback. */
export type TranscriptEntry =
  | { readonly id: number; readonly kind: 'user'; readonly text: string }
  | {
      readonly id: number;
      readonly kind: 'assistant';
      readonly text: string;
      readonly modelName: string;
      readonly outcome: 'complete' | 'cancelled' | 'failed';
    }
  | { readonly id: number; readonly kind: 'notice'; readonly text: string; readonly tone: Tone }
  | { readonly id: number; readonly kind: 'login-status'; readonly rows: readonly LoginStatusRow[] }
  | { readonly id: number; readonly kind: 'help'; readonly commands: readonly SlashCommandHelp[] }
  | { readonly id: number; readonly kind: 'status'; readonly lines: readonly (readonly [string, string])[] };

/** A transcript entry before it is numbered. */
export type NewTranscriptEntry = TranscriptEntry extends infer Entry
  ? Entry extends TranscriptEntry
    ? Omit<Entry, 'id'>
    : never
  : never;

/** The model in use, as the status line shows it. */
export interface CurrentModel {
  readonly id: string;
  readonly name: string;
  /** Who serves it now (`anthropic`, `endpoint:ollama`), or null when no session can. */
  readonly provider: string | null;
  /** Its display name (`Claude`), or null when no session can. */
  readonly providerName: string | null;
  /** `API key`, `sign-in`, … */
  readonly methodLabel: string | null;
  /** `session expires in 4 minutes` when the serving session ends soon and cannot refresh. */
  readonly expiryWarning: string | null;
  /** `/login --provider=claude` when no session serves it. */
  readonly loginHint: string | null;
}

/** Tokens and estimated cost of this conversation. */
export interface ConversationUsage {
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly costUsd: number;
}

/** An answer being streamed. */
export interface StreamingReply {
  readonly text: string;
  readonly modelName: string;
}

/** A choice in a picker dialog. */
export interface Choice {
  readonly value: string;
  readonly label: string;
  readonly detail?: string;
}

/** A field of a credential form (API key, client id, …). */
export interface FormField {
  readonly name: string;
  readonly label: string;
  /** Shown as dots, never echoed. */
  readonly secret: boolean;
}

/** What a modal dialog is about: a session that expired (of one provider, when known), or a login a model needs. */
export type ModalSubject =
  | { readonly kind: 'session-expired'; readonly provider?: string }
  | { readonly kind: 'login-required'; readonly model: string };

/** The dialog over the input, if any. Exactly one at a time. */
export type Overlay =
  | { readonly type: 'none' }
  | { readonly type: 'model-picker'; readonly filter: string; readonly selectedId: string | null }
  | {
      readonly type: 'choice';
      readonly purpose: 'login-provider' | 'logout-provider' | 'login-method' | 'replace-session';
      readonly title: string;
      readonly choices: readonly Choice[];
      readonly selected: number;
      readonly context?: string;
    }
  | {
      readonly type: 'form';
      readonly title: string;
      readonly fields: readonly FormField[];
      readonly fieldIndex: number;
      readonly values: readonly string[];
      readonly field: InputBuffer;
    }
  | {
      readonly type: 'login-progress';
      readonly title: string;
      readonly lines: readonly (readonly [string, string])[];
      readonly startedAt: number;
      readonly deadline: number;
      /** Waiting for the user to paste the redirect URL. */
      readonly pasting: boolean;
      readonly field: InputBuffer;
    }
  | {
      readonly type: 'modal';
      readonly tone: Tone;
      readonly title: string;
      readonly lines: readonly string[];
      /** What the dialog is about, so the chat decides from state, never from the text shown. */
      readonly about?: ModalSubject;
    }
  | {
      readonly type: 'fallback-offer';
      readonly message: string;
      readonly choices: readonly Choice[];
      readonly selected: number;
    };

/** Everything the chat shows. Changed only by {@link chatReducer}. */
export interface ChatState {
  /** False until the home, catalog and sessions are loaded (the first frame does not wait). */
  readonly ready: boolean;
  readonly entries: readonly TranscriptEntry[];
  readonly nextId: number;
  readonly streaming: StreamingReply | null;
  readonly input: InputBuffer;
  readonly history: InputHistory;
  readonly overlay: Overlay;
  readonly models: readonly PickerModel[];
  readonly providerNames: readonly string[];
  readonly current: CurrentModel | null;
  readonly usage: ConversationUsage;
  /** Work in progress shown with a spinner: `Switching to Claude Opus 4.1…`. */
  readonly busy: string | null;
  /** Ctrl-C was pressed once with nothing to stop: the next one leaves. */
  readonly exitArmed: boolean;
  /** Bumped by /clear and resizes: the transcript is printed again from scratch. */
  readonly printEpoch: number;
}

/** The state before anything is loaded. */
export const INITIAL_CHAT_STATE: ChatState = {
  ready: false,
  entries: [],
  nextId: 1,
  streaming: null,
  input: EMPTY_INPUT,
  history: EMPTY_HISTORY,
  overlay: { type: 'none' },
  models: [],
  providerNames: [],
  current: null,
  usage: { inputTokens: 0, outputTokens: 0, costUsd: 0 },
  busy: null,
  exitArmed: false,
  printEpoch: 0,
};
