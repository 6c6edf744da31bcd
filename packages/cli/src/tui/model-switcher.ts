import { isProviderId, type CatalogModel } from '@switchboard/core';
import { routeMethodLabel } from './catalog-view.js';
import type { ControllerContext } from './controller-context.js';
import { asSwitchboardError, describeReason } from './describe-failure.js';
import { chooseRoute, providerDisplayName } from './model-routes.js';

/** Switches the chat's model, and the login with it. */
export interface ModelSwitcher {
  /**
   * Switches to `model`. The serving login is checked first (a token inside its refresh window
   * is refreshed now, so a network failure or a revoked session shows here and nothing
   * changes), then the model and its login are persisted together by core's `switchModel`.
   * Requests run one after another; one overtaken by a newer request does nothing visible, so
   * only the last of several rapid switches confirms. Resolves true when this request switched.
   */
  select(model: CatalogModel): Promise<boolean>;
}

/** Creates the chat's {@link ModelSwitcher}. */
export function createModelSwitcher(context: ControllerContext): ModelSwitcher {
  const { store, services } = context;
  let tail: Promise<unknown> = Promise.resolve();
  let generation = 0;

  async function switchTo(model: CatalogModel, isSuperseded: () => boolean): Promise<boolean> {
    if (isSuperseded()) return false;
    const snapshot = context.snapshot();
    const route = chooseRoute(model, snapshot, services.environment);
    if (!route) {
      context.showLoginRequired(model);
      return false;
    }
    const providerName = providerDisplayName(route.provider, model, snapshot.config);
    store.dispatch({ type: 'busy-changed', message: `Switching to ${model.name}…` });
    try {
      if (isProviderId(route.provider)) await services.auth.getCredential(route.provider);
      if (isSuperseded()) return false;
      const result = await services.switchModel(model.id);
      if (isSuperseded()) return false;
      context.setCurrentModel(result.model);
      context.notice(
        `Switched to ${result.model.name} (${result.providerName} · ${routeMethodLabel(result.route.target, result.model)})`,
        'success',
      );
      void context.refresh().catch(() => undefined);
      return true;
    } catch (error) {
      const failure = asSwitchboardError(error);
      if (!isSuperseded() && !context.explainLoginError(failure, model)) {
        context.notice(`Failed to switch to ${providerName}: ${describeReason(failure)}`, 'error');
      }
      return false;
    } finally {
      if (!isSuperseded()) store.dispatch({ type: 'busy-changed', message: null });
    }
  }

  return {
    select(model) {
      const mine = ++generation;
      const run = tail.then(() => switchTo(model, () => mine !== generation));
      tail = run.catch(() => undefined);
      return run;
    },
  };
}
