import { isSwitchboardError, switchModel } from '@switchboard/core';
import type { CliIo } from '../cli-io.js';
import { methodLabel } from '../io/format-status.js';
import { writeJsonLine } from '../io/json-line.js';
import { openCliRuntime } from './open-cli-runtime.js';

/**
 * `sb use <model>`: switches the model and the session that serves it together, persisted in
 * config.toml ("Switched to Claude Opus 4.1 (Claude · API key)"). Without a usable session:
 * exit 3 and "Claude Opus 4.1 requires Claude login. Run sb auth login claude"; an unknown model
 * is a usage error (exit 2) listing the closest ids. `--json` prints `{"model","provider","method"}`.
 */
export async function runUse(io: CliIo, modelId: string, options: { json?: boolean }): Promise<number> {
  const { catalog, configOwner, runtime } = await openCliRuntime(io);
  let result;
  try {
    result = await switchModel(modelId, {
      catalog,
      config: configOwner,
      resolveRoutes: (model) => runtime.resolveRoutes(model),
    });
  } catch (error) {
    // DESIGN §3 fixes this line word for word; the JSON form goes through the error edge.
    if (!options.json && isSwitchboardError(error, 'LOGIN_REQUIRED')) {
      io.stderr.write(`${error.message}\n`);
      return 3;
    }
    throw error;
  }
  const { model, route, providerName } = result;
  if (options.json) {
    writeJsonLine(io.stdout, { model: model.id, provider: route.target.provider, method: route.target.method });
  } else {
    io.stdout.write(`Switched to ${model.name} (${providerName} · ${methodLabel(route.target.method)})\n`);
  }
  return 0;
}
