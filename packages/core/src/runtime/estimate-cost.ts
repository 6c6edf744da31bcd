import type { ModelPrice } from '../catalog/model-schema.js';
import type { RouteTarget, Usage } from '../providers/types.js';
import { isSubscriptionRoute } from './order-routes.js';

/**
 * Estimated USD of one request from the catalog's list price per million tokens; 0 on a
 * subscription route, which is paid by a flat fee. Rounded to a millionth of a dollar.
 */
export function estimateCost(
  usage: Pick<Usage, 'inputTokens' | 'outputTokens'>,
  price: ModelPrice,
  route: Pick<RouteTarget, 'transport'>,
): number {
  if (isSubscriptionRoute(route)) return 0;
  const dollars = (usage.inputTokens * price.inputPerMillion + usage.outputTokens * price.outputPerMillion) / 1_000_000;
  return Math.round(dollars * 1_000_000) / 1_000_000;
}
