import { isProviderId, type AuthEvent, type CatalogModel } from '@switchboard/core';
import type { LoginMethodChoice } from '../commands/login-method.js';
import { currentModelView, pickerModels } from './catalog-view.js';
import type { ChatController } from './chat-controller-types.js';
import type { ChatServices } from './chat-services.js';
import type { ChatStore } from './chat-store.js';
import { chooseStartModel } from './choose-start-model.js';
import { completeCommand } from './complete-command.js';
import { createControllerContext } from './create-controller-context.js';
import { createKeyHandlers, type KeyActions } from './create-key-handlers.js';
import { inputOf } from './input-buffer.js';
import { providerNamesForCompletion } from './login-choices.js';
import { createLoginRunner } from './login-runner.js';
import { logoutProvider } from './logout-provider.js';
import { chooseRoute } from './model-routes.js';
import { createModelSwitcher } from './model-switcher.js';
import { parseSlashCommand } from './parse-slash-command.js';
import { createReplyStreamer } from './reply-streamer.js';
import { runSlashCommand, type SlashIntentHandlers } from './run-slash-command.js';

/** Options of {@link createChatController}. */
export interface ChatControllerOptions {
  store: ChatStore;
  services: ChatServices;
  /** Leaves the chat (unmounts the app). */
  exit: () => void;
  /** Erases the screen and scrollback before /clear prints the transcript anew. */
  clearScreen?: () => void;
}

/** The loaded chat's controller: what the keys do, with the I/O behind them. */
export interface LoadedChatController extends ChatController {
  /** Reads config and sessions, restores the last model, subscribes to auth events. */
  load(): Promise<void>;
}

/**
 * Creates the chat controller. State changes go through the store's reducer; this object owns
 * the side effects, each in its own part: answers (reply-streamer), model switches
 * (model-switcher), logins (login-runner) and slash commands (run-slash-command).
 */
export function createChatController(options: ChatControllerOptions): LoadedChatController {
  const { store, services } = options;
  const context = createControllerContext(store, services);
  const switcher = createModelSwitcher(context);
  const streamer = createReplyStreamer(context);
  const logins = createLoginRunner(context);
  let stopListening: (() => void) | undefined;
  let stopWatchingConfig: (() => void) | undefined;

  function onAuthEvent(event: AuthEvent): void {
    // The AuthManager has already removed the dead tokens; say so once, with the command to run.
    if (event.type === 'expired') context.showExpired(event.provider);
    void context.refresh().catch(() => undefined);
  }

  function selectModel(model: CatalogModel): void {
    store.dispatch({ type: 'overlay-closed' });
    if (!chooseRoute(model, context.snapshot(), services.environment)) return context.showLoginRequired(model);
    void switcher.select(model);
  }

  const commandHandlers: SlashIntentHandlers = {
    context,
    openPicker(filter) {
      store.dispatch({
        type: 'overlay-opened',
        overlay: { type: 'model-picker', filter: '', selectedId: context.currentModel().id },
      });
      if (filter) store.dispatch({ type: 'picker-filtered', filter });
      void context.refresh().catch(() => undefined);
    },
    selectModel,
    login: (provider, method, name) => logins.start(provider, method as LoginMethodChoice | undefined, name),
    chooseLoginProvider: () => logins.chooseProvider(),
    logout: (provider) => void logoutProvider(context, provider),
    chooseLogoutProvider() {
      const choices = context
        .snapshot()
        .statuses.filter((status) => status.loggedIn)
        .map((status) => ({ value: status.provider, label: `${status.name} (${status.provider})` }));
      if (choices.length === 0) return context.notice('You are not logged in to any provider.', 'info');
      store.dispatch({
        type: 'overlay-opened',
        overlay: {
          type: 'choice',
          purpose: 'logout-provider',
          title: 'Log out of which provider?',
          choices,
          selected: 0,
        },
      });
    },
    clear() {
      streamer.reset();
      options.clearScreen?.();
      store.dispatch({ type: 'cleared' });
      context.notice('New conversation.', 'info');
    },
    messageCount: () => streamer.messageCount(),
    exit: options.exit,
  };

  function submit(text: string): void {
    if (text.trim() === '') return;
    const command = parseSlashCommand(text);
    if (!command && streamer.isStreaming())
      return context.notice('An answer is still coming: wait for it, or press Esc to stop it.', 'warning');
    store.dispatch({ type: 'submitted', text });
    if (command) runSlashCommand(command, commandHandlers);
    else void streamer.send(text);
  }

  function confirmChoice(): void {
    const overlay = store.getState().overlay;
    if (overlay.type !== 'choice' && overlay.type !== 'fallback-offer') return;
    const choice = overlay.choices[overlay.selected];
    if (!choice) return;
    if (overlay.type === 'fallback-offer') {
      store.dispatch({ type: 'overlay-closed' });
      const model = services.catalog.get(choice.value);
      if (model) void switcher.select(model).then((switched) => (switched ? streamer.retryLastFailed() : undefined));
      return;
    }
    if (overlay.purpose === 'replace-session') {
      // The login's progress comes back as it goes on; the answer only settles the question.
      return logins.answerReplace(choice.value === 'replace');
    }
    if (overlay.purpose === 'logout-provider') {
      store.dispatch({ type: 'overlay-closed' });
      return void logoutProvider(context, choice.value);
    }
    const provider = overlay.purpose === 'login-method' ? overlay.context : choice.value;
    if (provider === undefined || !isProviderId(provider)) return;
    logins.start(provider, overlay.purpose === 'login-method' ? (choice.value as LoginMethodChoice) : undefined);
  }

  const actions: KeyActions = {
    submit,
    complete() {
      const state = store.getState();
      const completion = completeCommand(state.input.text, state.providerNames);
      if (completion.completed !== null)
        store.dispatch({ type: 'input-changed', input: inputOf(completion.completed) });
    },
    confirmPicker() {
      const overlay = store.getState().overlay;
      const model =
        overlay.type === 'model-picker' && overlay.selectedId !== null
          ? services.catalog.get(overlay.selectedId)
          : undefined;
      if (model) selectModel(model);
    },
    confirmChoice,
    submitField: () => logins.submitField(),
    dismiss: () => store.dispatch({ type: 'overlay-closed' }),
  };

  const controller: LoadedChatController = {
    ...createKeyHandlers(store, actions),
    async load() {
      const first = await context.readSnapshot();
      const start = chooseStartModel(services.catalog, first, services.environment);
      context.setLoaded(first, start.model);
      store.dispatch({
        type: 'loaded',
        current: currentModelView(start.model, first, services.environment, services.now()),
        models: pickerModels(services.catalog, first, start.model.id, services.environment),
        providerNames: providerNamesForCompletion(first.statuses.map((status) => status.provider)),
      });
      if (start.notice) context.notice(start.notice, 'warning');
      if (!first.statuses.some((status) => status.loggedIn))
        context.notice('You are not logged in to any provider yet. Type /login to start.', 'info');
      stopListening = services.auth.on(onAuthEvent);
      // `sb use` or `sb auth switch` in another terminal: the status line and picker follow.
      stopWatchingConfig = services.watchConfig(() => void context.refresh().catch(() => undefined));
    },
    dismiss: () => store.dispatch({ type: 'overlay-closed' }),
    escape() {
      if (streamer.cancel()) return;
      const overlay = store.getState().overlay;
      if (overlay.type === 'login-progress' && logins.cancel()) return;
      if (overlay.type !== 'none') {
        logins.cancel();
        store.dispatch({ type: 'overlay-closed' });
      }
    },
    interrupt() {
      const state = store.getState();
      if (streamer.cancel()) return;
      if (state.overlay.type !== 'none') return controller.escape();
      if (state.input.text !== '') return store.dispatch({ type: 'input-changed', input: inputOf('') });
      if (state.exitArmed) return options.exit();
      store.dispatch({ type: 'exit-armed', armed: true });
    },
    async refresh() {
      await context.refresh();
    },
    dispose() {
      stopListening?.();
      stopWatchingConfig?.();
      streamer.reset();
      logins.cancel();
    },
  };
  return controller;
}
