import type { SwitchboardConfig } from '../config/load-config.js';
import { AUTH_METHODS, PROVIDER_ALIASES, type AuthMethod, type ProviderId } from '../ids.js';
import type { ModelPrice } from '../catalog/model-schema.js';
import type { RouteTarget } from '../providers/types.js';

/** `routing.prefer` as configured: a strategy name or an ordered list of classes and providers. */
export type RoutePreference = SwitchboardConfig['routing']['prefer'];

/**
 * Transports reached with a flat-fee subscription (ChatGPT, Google sign-in, and the vendor CLIs: Claude Code, Gemini CLI, Codex): no
 * per-token cost, and what `prefer = "subscription"` puts first.
 */
export const SUBSCRIPTION_TRANSPORTS: ReadonlySet<string> = new Set([
  'codex-responses',
  'claude-code-cli',
  'gemini-cli',
  'codex-cli',
]);

/** True when `route` is served by a subscription rather than billed per token. */
export function isSubscriptionRoute(route: Pick<RouteTarget, 'transport'>): boolean {
  return SUBSCRIPTION_TRANSPORTS.has(route.transport);
}

/** What ordering needs to know of one usable route. */
export interface OrderableRoute {
  target: RouteTarget;
  /** Position in the catalog's route table (ties keep it). */
  tableIndex: number;
}

/** Options of {@link orderRoutes}. */
export interface OrderRoutesOptions {
  prefer: RoutePreference;
  /** The active session (`sb use`, `sb auth switch`): its routes come first when it serves the model. */
  active?: { provider: ProviderId; method?: AuthMethod | undefined } | undefined;
  /** The model's list price, for `cost`. */
  price?: ModelPrice | undefined;
  /** Sessions the user listed (`openai/work`) and where: a listed session's route serves first, in list order. */
  sessionOrder?: { list: readonly string[]; source: string } | undefined;
}

const STRATEGIES: Readonly<Record<string, readonly string[]>> = {
  subscription: ['subscription', 'api-key'],
  'api-key': ['api-key', 'subscription'],
  cost: ['cost'],
};

/**
 * Orders a model's usable routes, explicitly and nothing else: first the active session's route
 * (the user's last explicit choice), then `routing.prefer` — `subscription` (flat-fee routes
 * first), `api-key` (per-token keys first), `cost` (cheapest marginal cost: subscriptions are
 * free per request), or a list mixing those classes, method names and provider names/aliases
 * (`["claude-code", "bedrock", "anthropic"]`). Unlisted routes follow in table order.
 */
export function orderRoutes<T extends OrderableRoute>(routes: readonly T[], options: OrderRoutesOptions): T[] {
  return rankRoutes(routes, options).map((ranked) => ranked.route);
}

/** A route as {@link rankRoutes} places it, with why it is there. */
export interface RankedRoute<T> {
  route: T;
  /** Why the route has its place, for people (`sb models --json`, the chat's status line). */
  reason: string;
}

/** {@link orderRoutes}, with the reason for each route's place. */
export function rankRoutes<T extends OrderableRoute>(
  routes: readonly T[],
  options: OrderRoutesOptions,
): Array<RankedRoute<T>> {
  const entries =
    typeof options.prefer === 'string' ? (STRATEGIES[options.prefer] ?? [options.prefer]) : options.prefer;
  const normalized = entries.map((entry) => normalizeEntry(entry));
  const ranked = routes.map((route) => {
    const matched = normalized.findIndex((entry) => matches(entry, route.target));
    const entryIndex = matched === -1 ? normalized.length : matched;
    const cost = normalized[matched] === 'cost' ? marginalCost(route.target, options.price) : 0;
    const active = isActive(route.target, options.active);
    const pinIndex = pinIndexOf(route.target, options.sessionOrder?.list ?? []);
    const pinned = pinIndex !== -1;
    const reason = pinned
      ? `${options.sessionOrder?.source ?? 'routing.sessions'}: ${route.target.provider}/${route.target.session ?? ''}`
      : active
        ? 'the active login'
        : matched === -1
          ? 'catalog order (not named in routing.prefer)'
          : normalized[matched] === 'cost'
            ? `routing.prefer: cost (${cost === 0 ? 'no per-token cost' : `$${cost} per million tokens`})`
            : `routing.prefer: ${normalized[matched]}`;
    return {
      route,
      reason,
      key: [pinned ? pinIndex : Number.MAX_SAFE_INTEGER, active ? 0 : 1, entryIndex, cost, route.tableIndex],
    };
  });
  ranked.sort((left, right) => compareKeys(left.key, right.key));
  return ranked.map(({ route, reason }) => ({ route, reason }));
}

function normalizeEntry(entry: string): string {
  const key = entry.trim().toLowerCase();
  return PROVIDER_ALIASES[key] ?? key;
}

function matches(entry: string, target: RouteTarget): boolean {
  if (entry === 'cost') return true;
  if (entry === 'subscription') return isSubscriptionRoute(target);
  if ((AUTH_METHODS as readonly string[]).includes(entry)) return target.method === entry;
  return target.provider === entry;
}

function isActive(target: RouteTarget, active: OrderRoutesOptions['active']): boolean {
  if (!active || target.provider !== active.provider) return false;
  return active.method === undefined || active.method === target.method;
}

function pinIndexOf(target: RouteTarget, list: readonly string[]): number {
  return target.session === undefined ? -1 : list.indexOf(`${target.provider}/${target.session}`);
}

function marginalCost(target: RouteTarget, price: ModelPrice | undefined): number {
  if (isSubscriptionRoute(target) || !price) return 0;
  return price.inputPerMillion + price.outputPerMillion;
}

function compareKeys(left: readonly number[], right: readonly number[]): number {
  for (let index = 0; index < left.length; index += 1) {
    const difference = (left[index] ?? 0) - (right[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}
