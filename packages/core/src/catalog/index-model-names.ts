import { SwitchboardError } from '../errors.js';
import type { CatalogModel } from './model-schema.js';

/**
 * Maps every lowercase id and explicit alias to its model's id.
 * @throws SwitchboardError `INTERNAL` when two models claim the same name.
 */
export function indexModelNames(models: readonly CatalogModel[]): Map<string, string> {
  const index = new Map<string, string>();
  for (const model of models) {
    for (const name of [model.id, ...(model.aliases ?? [])]) {
      const key = name.toLowerCase();
      const owner = index.get(key);
      if (owner !== undefined && owner !== model.id) {
        throw new SwitchboardError('INTERNAL', `Model name "${name}" is claimed by both ${owner} and ${model.id}.`);
      }
      index.set(key, model.id);
    }
  }
  return index;
}
