import type { CatalogModel } from '../catalog/model-schema.js';
import type { SwitchboardConfig } from '../config/load-config.js';
import { SwitchboardError } from '../errors.js';
import { isProviderId, type ProviderId } from '../ids.js';
import { loginCommand, providerCommandName } from '../auth/login-command.js';

/** The provider a person should log in to for `model`: its maker when that serves it, else its first route's. */
export function loginProviderFor(model: Pick<CatalogModel, 'providerId' | 'routes'>): ProviderId | undefined {
  if (isProviderId(model.providerId) && model.routes.some((route) => route.provider === model.providerId))
    return model.providerId;
  const first = model.routes.find((route) => isProviderId(route.provider));
  return first && isProviderId(first.provider) ? first.provider : undefined;
}

/** Who reads a login-required message: the CLI, the chat, or a team member (no `sb` of their own). */
export type LoginAdviceStyle = 'cli' | 'tui' | 'team';

/**
 * `LOGIN_REQUIRED` for a model none of whose routes has a usable credential, worded as DESIGN §3
 * wants it: "Claude Opus 4.1 requires Claude login. Run sb auth login claude". `style: 'tui'`
 * names the slash command instead ("Run /login --provider=claude"); `style: 'team'` tells a team
 * member where a key comes from on the team server.
 */
export function modelLoginRequiredError(
  model: Pick<CatalogModel, 'name' | 'providerId' | 'routes'>,
  config: Pick<SwitchboardConfig, 'providers'>,
  options: { style?: LoginAdviceStyle } = {},
): SwitchboardError {
  const provider = loginProviderFor(model);
  if (!provider) {
    const variable = model.routes.find((route) => route.endpoint?.apiKeyEnvironmentVariable)?.endpoint
      ?.apiKeyEnvironmentVariable;
    return new SwitchboardError(
      'LOGIN_REQUIRED',
      `${model.name} needs an API key in the environment variable ${variable ?? 'its endpoint names'}.`,
      {
        ...(variable ? { hint: `export ${variable}=…` } : {}),
      },
    );
  }
  if (options.style === 'team') {
    const name = config.providers[provider].name;
    return new SwitchboardError(
      'LOGIN_REQUIRED',
      `${model.name} needs a ${name} key: add your own (PUT /api/me/credentials/${provider}) or ask an admin for the workspace's; the workspace policy must also allow ${name}.`,
      { provider },
    );
  }
  const command =
    options.style === 'tui' ? `/login --provider=${providerCommandName(provider)}` : loginCommand(provider);
  return new SwitchboardError(
    'LOGIN_REQUIRED',
    `${model.name} requires ${config.providers[provider].name} login. Run ${command}`,
    {
      provider,
      hint: command,
    },
  );
}
