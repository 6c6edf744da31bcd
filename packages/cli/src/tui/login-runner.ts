import { methodLabel } from '../io/format-status.js';
import { describeReplacement } from '../io/describe-replacement.js';
import { resolveLoginMethod, type LoginMethodChoice } from '../commands/login-method.js';
import {
  isSwitchboardError,
  type LoginEvent,
  type LoginOptions,
  type ProviderId,
  type ReplaceQuestion,
} from '@switchboard/core';
import type { ControllerContext } from './controller-context.js';
import type { Overlay } from './chat-state.js';
import { EMPTY_INPUT } from './input-buffer.js';
import { asSwitchboardError } from './describe-failure.js';
import { readKeyFile } from '../commands/read-login-secrets.js';
import { credentialFields, methodChoices, preferredMethod, providerChoices } from './login-choices.js';

/** How long a sign-in waits for the person before giving up (the spinner counts it down). */
export const LOGIN_TIMEOUT_MS = 5 * 60_000;

/** Runs `/login` inside the chat: provider and method choice, credential entry, the flow itself. */
export interface LoginRunner {
  /** `/login`: the provider picker, ChatGPT preselected. */
  chooseProvider(): void;
  /**
   * Logs in to `provider`, asking for the method when it has several and none is given; `name`
   * names the new session (`/login chatgpt --name work`), added beside the provider's others.
   */
  start(provider: ProviderId, method?: LoginMethodChoice, name?: string): void;
  /** The answer to "replace the stored session?" (asked before a login replaces one). */
  answerReplace(replace: boolean): void;
  /** Enter in a form or at the paste prompt. */
  submitField(): void;
  /** Esc: stops the running login. False when none runs. */
  cancel(): boolean;
}

/** Creates the chat's {@link LoginRunner}. */
export function createLoginRunner(context: ControllerContext): LoginRunner {
  const { store, services } = context;
  let running: AbortController | null = null;
  let pending: { provider: ProviderId; choice: LoginMethodChoice; fieldNames: string[] } | null = null;
  let pasteAnswer: ((value: string) => void) | null = null;
  let replaceAnswer: ((replace: boolean) => void) | null = null;
  // The session name of the login being set up: kept while the method or the credentials are asked.
  let requestedName: string | undefined;

  const open = (overlay: Overlay) => store.dispatch({ type: 'overlay-opened', overlay });
  const profileOf = (provider: ProviderId) => context.snapshot().config.providers[provider];

  function start(provider: ProviderId, method?: LoginMethodChoice, name?: string): void {
    if (running) return context.notice('A login is already running; press Esc to stop it first.', 'warning');
    if (name !== undefined) requestedName = name;
    const profile = profileOf(provider);
    if (method === undefined) {
      const choices = methodChoices(profile);
      if (choices.length > 1) {
        const preferred = preferredMethod(profile, services.canOpenBrowser);
        open({
          type: 'choice',
          purpose: 'login-method',
          title: `How do you want to log in to ${profile.name}?`,
          choices,
          selected: Math.max(
            0,
            choices.findIndex((choice) => choice.value === preferred),
          ),
          context: provider,
        });
        return;
      }
    }
    let choice: LoginMethodChoice;
    try {
      const resolved = resolveLoginMethod(profile, method);
      choice =
        method ?? (resolved.method === 'oauth' ? (resolved.flow ?? 'browser') : (resolved.method as LoginMethodChoice));
    } catch (error) {
      store.dispatch({ type: 'overlay-closed' });
      return context.notice(asSwitchboardError(error).message, 'error');
    }
    const fields = credentialFields(profile, choice);
    if (fields.length > 0) {
      pending = { provider, choice, fieldNames: fields.map((field) => field.name) };
      open({ type: 'form', title: `Log in to ${profile.name}`, fields, fieldIndex: 0, values: [], field: EMPTY_INPUT });
      return;
    }
    void run(provider, choice, {});
  }

  /** Asks in a choice overlay before a login replaces a stored session; Esc (the login cancelled) is a no. */
  function confirmReplace(question: ReplaceQuestion, signal: AbortSignal): Promise<boolean> {
    open({
      type: 'choice',
      purpose: 'replace-session',
      title: describeReplacement(question),
      choices: [
        { value: 'replace', label: 'Replace it' },
        { value: 'keep', label: 'Keep it (store nothing)' },
      ],
      selected: 1,
    });
    return new Promise<boolean>((resolve) => {
      replaceAnswer = resolve;
      signal.addEventListener('abort', () => resolve(false), { once: true });
    });
  }

  async function run(provider: ProviderId, choice: LoginMethodChoice, values: Record<string, string>): Promise<void> {
    const profile = profileOf(provider);
    const name = requestedName;
    requestedName = undefined;
    const resolved = resolveLoginMethod(profile, choice);
    const abort = new AbortController();
    running = abort;
    const startedAt = services.now();
    let lines: (readonly [string, string])[] = [];
    const show = (pasting = false) =>
      open({
        type: 'login-progress',
        title: `Logging in to ${profile.name}`,
        lines: [...lines],
        startedAt,
        deadline: startedAt + LOGIN_TIMEOUT_MS,
        pasting,
        field: EMPTY_INPUT,
      });
    const onEvent = (event: LoginEvent) => {
      lines = [...lines.filter(([label]) => label !== ''), ...linesFor(event, services.canOpenBrowser)];
      show(event.type === 'paste_prompt');
    };
    show();
    try {
      const options: LoginOptions = {
        method: resolved.method,
        ...(resolved.flow ? { flow: resolved.flow } : {}),
        noBrowser: !services.canOpenBrowser,
        signal: abort.signal,
        timeoutMs: LOGIN_TIMEOUT_MS,
        ...(name === undefined ? {} : { name }),
        confirmReplace: (question) => confirmReplace(question, abort.signal),
        onEvent,
        openUrl: (url) => services.openUrl(url),
        readInput: () =>
          new Promise<string>((resolve, reject) => {
            pasteAnswer = resolve;
            abort.signal.addEventListener('abort', () => reject(asSwitchboardError(abort.signal.reason)), {
              once: true,
            });
          }),
        ...(values.apiKey ? { apiKey: values.apiKey } : {}),
        ...(values.clientId ? { clientId: values.clientId } : {}),
        ...(values.clientSecret ? { clientSecret: values.clientSecret } : {}),
        ...(values.keyFile ? { serviceAccountKey: await readKeyFile(values.keyFile) } : {}),
      };
      const status = await services.auth.login(provider, options);
      // The login is over once stored: another /login may start while the status refreshes.
      running = null;
      store.dispatch({ type: 'overlay-closed' });
      const details = [status.method ? methodLabel(status.method) : null, status.account].filter(Boolean).join(' · ');
      const ref = status.session === null ? '' : ` — session ${status.provider}/${status.session}`;
      context.notice(`✅ Logged in to ${status.name}${details ? ` (${details})` : ''}${ref}.`, 'success');
      const active = status.sessions.find((session) => session.active);
      if (active && active.name !== status.session)
        context.notice(
          `${active.ref} stays the active ${status.name} session; \`sb auth switch ${status.provider}/${status.session}\` makes this one serve.`,
          'info',
        );
      await context.refresh();
    } catch (error) {
      store.dispatch({ type: 'overlay-closed' });
      if (abort.signal.aborted) context.notice(`Login to ${profile.name} cancelled.`, 'info');
      // Keeping the stored session was the person's answer, not a failure.
      else if (isSwitchboardError(error, 'CANCELLED')) context.notice(asSwitchboardError(error).message, 'info');
      else context.notice(`Login to ${profile.name} failed: ${asSwitchboardError(error).message}`, 'error');
    } finally {
      // Unless another login started meanwhile (its prompts are its own).
      if (running === null || running === abort) {
        running = null;
        pasteAnswer = null;
        replaceAnswer = null;
      }
    }
  }

  return {
    chooseProvider() {
      const statuses = context.snapshot().statuses;
      const choices = providerChoices(statuses);
      open({
        type: 'choice',
        purpose: 'login-provider',
        title: 'Log in to which provider?',
        choices,
        selected: Math.max(
          0,
          choices.findIndex((choice) => choice.value === 'openai'),
        ),
      });
    },
    start,
    answerReplace(replace) {
      const answer = replaceAnswer;
      replaceAnswer = null;
      answer?.(replace);
    },
    submitField() {
      const overlay = store.getState().overlay;
      if (overlay.type === 'login-progress' && overlay.pasting && pasteAnswer) {
        const answer = pasteAnswer;
        pasteAnswer = null;
        store.dispatch({
          type: 'overlay-opened',
          overlay: {
            ...overlay,
            pasting: false,
            field: EMPTY_INPUT,
            lines: [...overlay.lines, ['', 'Checking the address…']],
          },
        });
        answer(overlay.field.text.trim());
        return;
      }
      if (overlay.type !== 'form' || !pending) return;
      const value = overlay.field.text.trim();
      if (value === '') return;
      const values = [...overlay.values, value];
      if (values.length < overlay.fields.length) {
        open({ ...overlay, values, fieldIndex: values.length, field: EMPTY_INPUT });
        return;
      }
      const { provider, choice, fieldNames } = pending;
      pending = null;
      void run(provider, choice, Object.fromEntries(fieldNames.map((name, index) => [name, values[index] ?? ''])));
    },
    cancel() {
      pending = null;
      requestedName = undefined;
      if (!running) return false;
      running.abort(new DOMException('The login was cancelled.', 'AbortError'));
      return true;
    },
  };
}

function linesFor(event: LoginEvent, canOpenBrowser: boolean): (readonly [string, string])[] {
  switch (event.type) {
    case 'open_url':
      return [[canOpenBrowser ? 'Opening your browser at' : 'Open this address in a browser', event.url]];
    case 'browser_failed':
      return [['', 'The browser could not be opened: open the address above yourself.']];
    case 'paste_prompt':
      return [
        ['Open this address in a browser', event.url],
        [
          '',
          'After signing in, paste the address your browser ended up on (it starts with the redirect URL) and press Enter.',
        ],
      ];
    case 'device_code':
      return [
        ['Go to', event.verificationUri],
        ['Enter the code', event.userCode],
        ...(event.verificationUriComplete ? ([['Or open', event.verificationUriComplete]] as const) : []),
      ];
    case 'waiting':
      return [['', event.message]];
  }
}
