import {
  formatPrice,
  loginCommand,
  loginProviderFor,
  resolveProviderId,
  routeProviderName,
  SwitchboardError,
  type CatalogModel,
  type RouteCandidate,
  type RouteProviderId,
} from '@switchboard/core';
import type { CliIo } from '../cli-io.js';
import { methodLabel } from '../io/format-status.js';
import { writeJsonLine } from '../io/json-line.js';
import { createTerminalStyle } from '../io/terminal-style.js';
import { openCliRuntime, type CliRuntime } from './open-cli-runtime.js';

/** Options of `sb models`. */
export interface ModelsCommandOptions {
  provider?: string;
  json?: boolean;
}

interface ModelRow {
  model: CatalogModel;
  route: RouteCandidate | undefined;
  active: boolean;
  login: string | null;
}

/**
 * `sb models [--provider P] [--json]`: every catalog model with its login status (✅ logged in ·
 * ⚠️ login required), ● for the active one, reasoning tier and price per million tokens.
 * `--json` prints `{"models":[{"id","name","provider","tier","price":{…},"priceLabel","loggedIn","active","route","loginCommand"}]}`.
 */
export async function runModels(io: CliIo, options: ModelsCommandOptions): Promise<number> {
  const opened = await openCliRuntime(io);
  const { catalog, runtime, config } = opened;
  const filter = options.provider === undefined ? undefined : providerFilter(opened, options.provider);
  const activeId = config.model === undefined ? catalog.defaultFor('chat').id : catalog.get(config.model)?.id;
  const rows: ModelRow[] = await Promise.all(
    catalog.list(filter === undefined ? {} : { provider: filter }).map(async (model) => {
      const [route] = await runtime.resolveRoutes(model.id);
      const provider = loginProviderFor(model);
      return { model, route, active: model.id === activeId, login: route || !provider ? null : loginCommand(provider) };
    }),
  );

  if (options.json) {
    writeJsonLine(io.stdout, {
      models: rows.map(({ model, route, active, login }) => ({
        id: model.id,
        name: model.name,
        provider: model.providerId,
        tier: model.reasoningTier,
        price: model.price,
        priceLabel: formatPrice(model.price),
        loggedIn: route !== undefined,
        active,
        route: route ? { provider: route.target.provider, method: route.target.method, reason: route.reason } : null,
        loginCommand: login,
      })),
    });
    return 0;
  }

  const style = createTerminalStyle({ stream: io.stdout, environment: io.environment });
  const table = rows.map(({ model, route, active, login }) => [
    `${route ? '✅' : '⚠️'} ${active ? '●' : ' '}`,
    model.name,
    model.id,
    model.reasoningTier,
    formatPrice(model.price),
    route
      ? `${providerName(opened, route.target.provider)} · ${methodLabel(route.target.method)}`
      : `login required: ${login ?? 'set the endpoint key'}`,
  ]);
  const widths = [1, 2, 3, 4].map((column) => Math.max(...table.map((row) => (row[column] ?? '').length)));
  for (const [index, row] of table.entries()) {
    const [marks, name, id, tier, price, how] = row;
    const line = `${marks} ${pad(name, widths[0])}  ${style.dim(pad(id, widths[1]))}  ${pad(tier, widths[2])}  ${pad(price, widths[3])}  `;
    io.stdout.write(`${line}${rows[index]?.route ? style.dim(how ?? '') : style.yellow(how ?? '')}\n`);
  }
  io.stdout.write(
    style.dim(
      `\n✅ logged in · ⚠️ login required · ● active · price in USD per million tokens (input/output)\nSwitch with: sb use <model>\n`,
    ),
  );
  return 0;
}

function pad(text: string | undefined, width: number | undefined): string {
  return (text ?? '').padEnd(width ?? 0);
}

function providerFilter(opened: CliRuntime, name: string): RouteProviderId {
  const endpoint = opened.catalog.endpoints.find(
    (candidate) => candidate.id === name || `endpoint:${candidate.id}` === name,
  );
  if (endpoint) return `endpoint:${endpoint.id}`;
  try {
    return resolveProviderId(name);
  } catch (error) {
    if (error instanceof SwitchboardError && opened.catalog.endpoints.length > 0) {
      throw new SwitchboardError(
        'UNKNOWN_PROVIDER',
        `${error.message} Endpoints: ${opened.catalog.endpoints.map((candidate) => candidate.id).join(', ')}.`,
      );
    }
    throw error;
  }
}

/** "Claude", "Amazon Bedrock", or an endpoint's name. */
export function providerName(opened: Pick<CliRuntime, 'config' | 'catalog'>, provider: RouteProviderId): string {
  return routeProviderName(provider, { providers: opened.config.providers, endpoints: opened.catalog.endpoints });
}
