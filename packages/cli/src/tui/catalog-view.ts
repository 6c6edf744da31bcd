import {
  formatModelLabel,
  isProviderId,
  loginProviderFor,
  providerCommandName,
  type Catalog,
  type CatalogModel,
  type Environment,
  type ProviderStatus,
  type RouteTarget,
  type SwitchboardConfig,
} from '@switchboard/core';
import { describeDuration, describeExpiry, methodLabel } from '../io/format-status.js';
import type { CurrentModel, LoginStatusRow } from './chat-state.js';
import { chooseRoute, providerDisplayName, usableRoutes, type LoginSnapshot } from './model-routes.js';
import type { PickerModel } from './picker-model.js';

/** A session ending within this window, that cannot refresh itself, is flagged on the status line. */
const EXPIRY_WARNING_MS = 15 * 60_000;

/** Every catalog model as the picker shows it, in catalog order. */
export function pickerModels(
  catalog: Catalog,
  snapshot: LoginSnapshot,
  currentId: string | null,
  environment: Environment,
): PickerModel[] {
  return catalog.list().map((model) => {
    const group = groupName(model, snapshot.config);
    return {
      id: model.id,
      name: model.name,
      label: formatModelLabel(model),
      group,
      searchText: [model.id, ...(model.aliases ?? []), model.name, group, model.providerId, model.reasoningTier]
        .join(' ')
        .toLowerCase(),
      loggedIn: usableRoutes(model, snapshot, environment).length > 0,
      active: model.id === currentId,
    };
  });
}

/** The status line's view of the model in use and the session serving it. */
export function currentModelView(
  model: CatalogModel,
  snapshot: LoginSnapshot,
  environment: Environment,
  now: number,
): CurrentModel {
  const route = chooseRoute(model, snapshot, environment);
  if (!route) {
    const provider = loginProviderFor(model);
    const loginHint = provider ? `/login --provider=${providerCommandName(provider)}` : '/login';
    return {
      id: model.id,
      name: model.name,
      provider: null,
      providerName: null,
      methodLabel: null,
      expiryWarning: null,
      loginHint,
    };
  }
  return servedModelView(model, route, snapshot, now);
}

/**
 * The status line's view once a route has served an answer: that route's provider and method (a
 * fallback, a plan that ran out and the key that took over), not the planned one.
 */
export function servedModelView(
  model: CatalogModel,
  route: RouteTarget,
  snapshot: LoginSnapshot,
  now: number,
): CurrentModel {
  return {
    id: model.id,
    name: model.name,
    provider: route.provider,
    providerName: providerDisplayName(route.provider, model, snapshot.config),
    methodLabel: routeMethodLabel(route, model),
    expiryWarning: expiryWarning(route, snapshot.statuses, now),
    loginHint: null,
  };
}

/** `API key`, `sign-in`, `Claude Code`, … for a route; `no key` for an endpoint that needs none. */
export function routeMethodLabel(route: RouteTarget, model: CatalogModel): string {
  if (!isProviderId(route.provider)) {
    const needsKey = model.routes.some(
      (candidate) =>
        candidate.endpoint && `endpoint:${candidate.endpoint.id}` === route.provider && candidate.methods.length > 0,
    );
    return needsKey ? methodLabel('api-key') : 'no key';
  }
  return methodLabel(route.method);
}

/** `/login --status` rows, one per provider: `✅ ChatGPT: logged in (expires in 7 days)`. */
export function loginStatusRows(statuses: readonly ProviderStatus[], now: number): LoginStatusRow[] {
  return statuses.map((status) => {
    if (!status.loggedIn)
      return { loggedIn: false, name: status.name, summary: 'not logged in', details: null, active: false };
    const expiry = describeExpiry(status.expiresAt, now, status.refreshable);
    const details = [
      status.method ? methodLabel(status.method) : null,
      status.account,
      status.plan ? `plan ${status.plan}` : null,
    ].filter((detail): detail is string => Boolean(detail));
    return {
      loggedIn: true,
      name: status.name,
      summary: `logged in${expiry ? ` (${expiry})` : ''}`,
      details: details.length > 0 ? details.join(' · ') : null,
      active: status.active,
    };
  });
}

function groupName(model: CatalogModel, config: SwitchboardConfig): string {
  return providerDisplayName(model.providerId, model, config);
}

function expiryWarning(route: RouteTarget, statuses: readonly ProviderStatus[], now: number): string | null {
  const status = statuses.find((candidate) => candidate.provider === route.provider);
  // The session that serves the route (a provider may hold several), else the provider's active one.
  const serving = status?.sessions.find((session) => session.name === route.session) ?? status;
  // A refreshable session renews itself; only one that will simply end deserves a warning.
  if (
    !status?.loggedIn ||
    !serving ||
    serving.method !== route.method ||
    serving.refreshable ||
    serving.expiresAt === null
  )
    return null;
  const remaining = Date.parse(serving.expiresAt) - now;
  if (Number.isNaN(remaining) || remaining > EXPIRY_WARNING_MS) return null;
  return remaining <= 0 ? 'session expired' : `session expires in ${describeDuration(remaining)}`;
}
