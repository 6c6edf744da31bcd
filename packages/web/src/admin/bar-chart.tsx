import { formatMeasure, valueOf, type UsageMeasure, type UsageTotals } from './usage-summary.js';

/**
 * Horizontal bars, largest first: one per group, its length relative to the largest, its value
 * written after it (so no bar depends on colour or length alone). Plain CSS, no chart library.
 */
export function BarChart({
  rows,
  measure,
  labelOf,
}: {
  rows: readonly UsageTotals[];
  measure: UsageMeasure;
  labelOf: (key: string) => string;
}) {
  const sorted = [...rows].sort((a, b) => valueOf(b, measure) - valueOf(a, measure));
  const largest = Math.max(...sorted.map((row) => valueOf(row, measure)), 0);
  return (
    <ul className="bar-chart">
      {sorted.map((row) => {
        const value = valueOf(row, measure);
        // A group with some usage keeps a sliver of bar, so it never looks like nothing.
        const width = largest === 0 ? 0 : Math.max((value / largest) * 100, value > 0 ? 1.5 : 0);
        return (
          <li key={row.key} className="bar-row" data-key={row.key}>
            <span className="bar-label">{labelOf(row.key)}</span>
            <span className="bar-track">
              <span className="bar-fill" style={{ width: `${width}%` }} />
            </span>
            <span className="bar-value">{formatMeasure(value, measure)}</span>
          </li>
        );
      })}
    </ul>
  );
}
