import type { Catalog, CatalogModel } from './catalog.js';

const STORAGE_KEY = 'switchboard:chat-model';

/** The model this browser last chose for chat, if any. */
export function rememberedModel(): string | undefined {
  try {
    return window.localStorage.getItem(STORAGE_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

/** Remembers the chosen chat model in this browser (kept across reloads). */
export function rememberModel(id: string): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, id);
  } catch {
    // Storage may be off (private mode): the choice then lasts until the page closes.
  }
}

/**
 * Whether the member's provider filter (the settings' `providers` preference; empty: all) keeps
 * `model` in the chat's list: a model stays when any provider that serves it is chosen, so
 * choosing only Bedrock still lists the Claude models Bedrock serves.
 */
export function passesProviderFilter(model: CatalogModel, providers: readonly string[]): boolean {
  return providers.length === 0 || model.providers.some((provider) => providers.includes(provider));
}

/**
 * The models the chat's selector lists: those the member's provider filter keeps, plus the
 * current one whatever its provider — a choice made before the filter (or the admin's fixed
 * model) must stay visible rather than vanish from under the person.
 */
export function modelsToList(
  models: readonly CatalogModel[],
  providers: readonly string[],
  current: string | undefined,
): readonly CatalogModel[] {
  if (providers.length === 0) return models;
  return models.filter((model) => model.id === current || passesProviderFilter(model, providers));
}

/**
 * The chat model to start with: the admin's when fixed; else the one this browser remembers, or
 * the one the member's preferences on the server name (another browser's choice), when the
 * catalog still lists it; else the workspace's default; else the first model ready to use among
 * the providers the member chose (`providers`; empty: all), else the first ready one at all.
 */
export function initialModel(
  catalog: Catalog,
  preferred?: string | null,
  providers: readonly string[] = [],
): string | undefined {
  const fixed = catalog.defaults.chat;
  if (fixed && !fixed.userMayChange) return fixed.model;
  for (const candidate of [rememberedModel(), preferred ?? undefined])
    if (candidate && catalog.models.some((model) => model.id === candidate)) return candidate;
  if (fixed) return fixed.model;
  const ready = catalog.models.filter((model) => model.available);
  return (ready.find((model) => passesProviderFilter(model, providers)) ?? ready[0] ?? catalog.models[0])?.id;
}
