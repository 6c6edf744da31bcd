import {
  isProviderId,
  modelLoginRequiredError,
  providerCommandName,
  type CatalogModel,
  type ProviderId,
} from '@switchboard/core';
import { currentModelView, pickerModels } from './catalog-view.js';
import type { ChatServices } from './chat-services.js';
import type { ChatStore } from './chat-store.js';
import type { ControllerContext } from './controller-context.js';
import { availableLogins, type LoginSnapshot } from './model-routes.js';

const EXPIRED_TITLE = 'Session expired';

/** Builds the {@link ControllerContext}: the snapshot of logins, the model in use, notices and dialogs. */
export function createControllerContext(store: ChatStore, services: ChatServices): ControllerContext {
  let snapshot: LoginSnapshot | undefined;
  let current: CatalogModel | undefined;
  let refreshing: Promise<LoginSnapshot> | undefined;

  const loaded = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('The chat is not loaded yet.');
    return value;
  };

  function publish(next: LoginSnapshot): void {
    snapshot = next;
    const model = loaded(current);
    store.dispatch({
      type: 'models-refreshed',
      current: currentModelView(model, next, services.environment, services.now()),
      models: pickerModels(services.catalog, next, model.id, services.environment),
    });
  }

  /** Whether a session-expired dialog (for `provider`, when given) is what the user sees now. */
  function expiredDialogOpen(provider?: ProviderId): boolean {
    const overlay = store.getState().overlay;
    if (overlay.type !== 'modal' || overlay.about?.kind !== 'session-expired') return false;
    return provider === undefined || overlay.about.provider === provider;
  }

  const context: ControllerContext = {
    store,
    services,
    async readSnapshot() {
      const [config, statuses] = await Promise.all([services.loadConfig(), services.auth.status()]);
      return {
        config,
        statuses,
        available: availableLogins(statuses, config, services.environment),
        ...(services.exhaustion ? { exhaustion: services.exhaustion } : {}),
        readAt: services.now(),
      };
    },
    setLoaded(first, model) {
      snapshot = first;
      current = model;
    },
    snapshot: () => loaded(snapshot),
    refresh() {
      refreshing ??= context
        .readSnapshot()
        .then((next) => {
          publish(next);
          return next;
        })
        .finally(() => {
          refreshing = undefined;
        });
      return refreshing;
    },
    currentModel: () => loaded(current),
    setCurrentModel(model) {
      current = model;
      if (snapshot) publish(snapshot);
    },
    notice(text, tone = 'info') {
      store.dispatch({ type: 'entry-added', entry: { kind: 'notice', text, tone } });
    },
    modal(tone, title, lines, about) {
      store.dispatch({
        type: 'overlay-opened',
        overlay: { type: 'modal', tone, title, lines, ...(about ? { about } : {}) },
      });
    },
    showLoginRequired(model) {
      context.modal(
        'warning',
        'Login required',
        [modelLoginRequiredError(model, context.snapshot().config, { style: 'tui' }).message],
        { kind: 'login-required', model: model.id },
      );
    },
    showExpired(provider: ProviderId) {
      const name = snapshot?.config.providers[provider].name ?? provider;
      const line = `${name} session expired. Run /login --provider=${providerCommandName(provider)}`;
      if (expiredDialogOpen(provider)) return;
      context.modal('warning', EXPIRED_TITLE, [line], { kind: 'session-expired', provider });
    },
    explainLoginError(error, model) {
      if (error.code === 'SESSION_EXPIRED') {
        if (error.provider !== undefined && isProviderId(error.provider)) context.showExpired(error.provider);
        else context.modal('warning', EXPIRED_TITLE, [error.message], { kind: 'session-expired' });
        void context.refresh().catch(() => undefined);
        return true;
      }
      if (error.code === 'LOGIN_REQUIRED') {
        // A session that just expired is the reason; its dialog already says what to run.
        if (!expiredDialogOpen()) context.showLoginRequired(model ?? context.currentModel());
        void context.refresh().catch(() => undefined);
        return true;
      }
      return false;
    },
  };
  return context;
}
