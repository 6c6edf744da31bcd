/** A catalog model as the `/model` picker shows it (view data; built by the controller). */
export interface PickerModel {
  readonly id: string;
  readonly name: string;
  /** `Claude Opus 4.1 (ultra premium) — $15/$75` */
  readonly label: string;
  /** Group header: who makes or serves it (`Claude`, `ChatGPT`, an endpoint's name). */
  readonly group: string;
  /** Lower-cased words the filter matches: id, aliases, name, group, provider id. */
  readonly searchText: string;
  /** Whether a logged-in session can serve it now. */
  readonly loggedIn: boolean;
  readonly active: boolean;
}

/** One line of the picker: a group header or a model. */
export type PickerRow =
  { readonly kind: 'group'; readonly title: string } | { readonly kind: 'model'; readonly model: PickerModel };

/** Models matching a filter: every whitespace-separated term must occur (case-insensitive). */
export function filterModels(models: readonly PickerModel[], filter: string): PickerModel[] {
  const terms = filter.toLowerCase().split(/\s+/u).filter(Boolean);
  if (terms.length === 0) return [...models];
  return models.filter((model) => terms.every((term) => model.searchText.includes(term)));
}

/** The picker's rows: matching models under their group headers, in catalog order. */
export function buildPickerRows(models: readonly PickerModel[]): PickerRow[] {
  const rows: PickerRow[] = [];
  let group: string | undefined;
  for (const model of models) {
    if (model.group !== group) {
      group = model.group;
      rows.push({ kind: 'group', title: group });
    }
    rows.push({ kind: 'model', model });
  }
  return rows;
}

/**
 * The id selected after moving by `delta` among `visible` models (clamped). With no current
 * selection (or one filtered out), the first visible model.
 */
export function moveSelection(
  visible: readonly PickerModel[],
  selectedId: string | null,
  delta: number,
): string | null {
  if (visible.length === 0) return null;
  const index = visible.findIndex((model) => model.id === selectedId);
  if (index === -1) return visible[0]?.id ?? null;
  const next = Math.min(visible.length - 1, Math.max(0, index + delta));
  return visible[next]?.id ?? null;
}

/**
 * The slice of rows to draw in `height` lines so the selected row stays visible, with its
 * group header when there is room.
 */
export function visibleWindow(
  rows: readonly PickerRow[],
  selectedId: string | null,
  height: number,
): { start: number; end: number } {
  if (rows.length <= height) return { start: 0, end: rows.length };
  const selected = Math.max(
    0,
    rows.findIndex((row) => row.kind === 'model' && row.model.id === selectedId),
  );
  let start = Math.max(0, selected - Math.floor(height / 2));
  start = Math.min(start, rows.length - height);
  return { start, end: start + height };
}
