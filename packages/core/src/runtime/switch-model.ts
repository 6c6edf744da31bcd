import type { Catalog } from '../catalog/create-catalog.js';
import type { CatalogModel } from '../catalog/model-schema.js';
import type { ConfigOwner } from '../config/config-owner.js';
import { isProviderId } from '../ids.js';
import { modelLoginRequiredError } from './model-login-required.js';
import type { RouteCandidate } from './plan-routes.js';
import { routeProviderName } from '../catalog/route-provider-name.js';

/** Options of {@link switchModel}. */
export interface SwitchModelOptions {
  catalog: Catalog;
  /** The home's configuration owner: the switch is written through it, so its readers see it at once. */
  config: Pick<ConfigOwner, 'current' | 'update'>;
  /** Usually `runtime.resolveRoutes`. */
  resolveRoutes(model: string): Promise<RouteCandidate[]>;
  /** How the login command is named in the error: `sb auth login claude` or `/login --provider=claude`. */
  style?: 'cli' | 'tui';
}

/** What a switch selected. */
export interface SwitchModelResult {
  model: CatalogModel;
  /** The route (and so the provider and method) that now serves the model. */
  route: RouteCandidate;
  /** Display name of the route's provider: "Claude", "Amazon Bedrock", an endpoint's name. */
  providerName: string;
}

/**
 * `sb use <model>` / the TUI's `/model`: picks the model's best usable route (the active
 * session's when it serves the model, else `routing.prefer`) and persists the model and that
 * route's provider and method together, in one atomic write of config.toml.
 * @throws SwitchboardError `UNKNOWN_MODEL` (closest ids listed) or `LOGIN_REQUIRED`
 * ("Claude Opus 4.1 requires Claude login. Run sb auth login claude"); nothing is written then.
 */
export async function switchModel(modelId: string, options: SwitchModelOptions): Promise<SwitchModelResult> {
  const model = options.catalog.require(modelId);
  const [route] = await options.resolveRoutes(model.id);
  if (!route) throw modelLoginRequiredError(model, options.config.current(), { style: options.style ?? 'cli' });
  const { provider, method } = route.target;
  const config = await options.config.update((document) => {
    document.model = model.id;
    // Endpoints are not sessions: the active session stays as it was for them.
    if (isProviderId(provider)) {
      document.active_auth_provider = provider;
      document.active_auth_method = method;
    }
  });
  const providerName = routeProviderName(provider, {
    providers: config.providers,
    endpoints: options.catalog.endpoints,
  });
  return { model, route, providerName };
}
