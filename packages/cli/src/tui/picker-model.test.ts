import { describe, expect, it } from 'vitest';
import { buildPickerRows, filterModels, visibleWindow, type PickerModel } from './picker-model.js';

const model = (id: string, group: string): PickerModel => ({
  id,
  name: id,
  label: id,
  group,
  searchText: `${id} ${group}`.toLowerCase(),
  loggedIn: true,
  active: false,
});

describe('picker rows', () => {
  const models = [model('a1', 'A'), model('a2', 'A'), model('b1', 'B'), model('b2', 'B'), model('c1', 'C')];

  it('groups models under one header per provider and filters on every term', () => {
    expect(buildPickerRows(models).map((row) => (row.kind === 'group' ? `#${row.title}` : row.model.id))).toEqual([
      '#A',
      'a1',
      'a2',
      '#B',
      'b1',
      'b2',
      '#C',
      'c1',
    ]);
    expect(filterModels(models, 'B 2').map((entry) => entry.id)).toEqual(['b2']);
  });

  it('scrolls so the selected row stays in view', () => {
    const rows = buildPickerRows(models);
    const window = visibleWindow(rows, 'c1', 3);
    expect(window.end - window.start).toBe(3);
    expect(rows.slice(window.start, window.end).some((row) => row.kind === 'model' && row.model.id === 'c1')).toBe(
      true,
    );
    expect(visibleWindow(rows, 'a1', 20)).toEqual({ start: 0, end: rows.length });
  });
});
