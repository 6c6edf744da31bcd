import type { Catalog } from './catalog.js';

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
 * The chat model to start with: the admin's when fixed; else the one this browser remembers, or
 * the one the member's preferences on the server name (another browser's choice), when the
 * catalog still lists it; else the workspace's default; else the first model ready to use.
 */
export function initialModel(catalog: Catalog, preferred?: string | null): string | undefined {
  const fixed = catalog.defaults.chat;
  if (fixed && !fixed.userMayChange) return fixed.model;
  for (const candidate of [rememberedModel(), preferred ?? undefined])
    if (candidate && catalog.models.some((model) => model.id === candidate)) return candidate;
  if (fixed) return fixed.model;
  return (catalog.models.find((model) => model.available) ?? catalog.models[0])?.id;
}
