import { formatMeasure, valueOf, type UsageMeasure, type UsageTotals } from './usage-summary.js';

const DAY_MS = 86_400_000;
/** Beyond this many days only the days with usage are drawn: a column per day would be hairlines. */
const MAX_DAYS = 120;
const WIDTH = 640;
const HEIGHT = 160;

/** Every day from `since` to `until` (YYYY-MM-DD, UTC), with zeros where nothing was used. */
function everyDay(rows: readonly UsageTotals[], since: string, until: string): UsageTotals[] {
  const start = Date.parse(`${since}T00:00:00Z`);
  const end = Date.parse(`${until}T00:00:00Z`);
  if (Number.isNaN(start) || Number.isNaN(end) || end < start || (end - start) / DAY_MS >= MAX_DAYS) return [...rows];
  const byDay = new Map(rows.map((row) => [row.key, row]));
  const days: UsageTotals[] = [];
  for (let time = start; time <= end; time += DAY_MS) {
    const key = new Date(time).toISOString().slice(0, 10);
    days.push(byDay.get(key) ?? { key, requests: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 });
  }
  return days;
}

/**
 * Usage per day as SVG columns from `since` to today (UTC), scaled to the busiest day, with the
 * first and last days and the busiest one written out. Hand-made SVG in the theme's accent colour.
 */
export function DayChart({
  rows,
  measure,
  since,
  today,
}: {
  rows: readonly UsageTotals[];
  measure: UsageMeasure;
  since: string;
  today: string;
}) {
  const lastDay = rows.reduce((last, row) => (row.key > last ? row.key : last), today);
  const days = everyDay(rows, since, lastDay);
  const largest = Math.max(...days.map((day) => valueOf(day, measure)), 0);
  const slot = WIDTH / Math.max(days.length, 1);
  // A few days would make slabs: a column is at most a month's-view wide, centred in its slot.
  const column = Math.max(Math.min(slot * 0.8, WIDTH / 40), 1);
  const busiest = days.reduce<UsageTotals | undefined>(
    (best, day) => (best === undefined || valueOf(day, measure) > valueOf(best, measure) ? day : best),
    undefined,
  );
  return (
    <div className="day-chart">
      {/* Stretched to the width available; labels are HTML below, so text never stretches with it. */}
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} preserveAspectRatio="none" focusable="false">
        <line className="day-axis" x1={0} x2={WIDTH} y1={HEIGHT - 0.5} y2={HEIGHT - 0.5} />
        {days.map((day, index) => {
          const value = valueOf(day, measure);
          const height = largest === 0 ? 0 : Math.max((value / largest) * (HEIGHT - 8), value > 0 ? 2 : 0);
          return (
            <rect
              key={day.key}
              className="day-column"
              data-day={day.key}
              x={index * slot + (slot - column) / 2}
              y={HEIGHT - height}
              width={column}
              height={height}
            >
              <title>{`${day.key}: ${formatMeasure(value, measure)}`}</title>
            </rect>
          );
        })}
      </svg>
      <div className="day-chart-axis">
        <span>{days[0]?.key}</span>
        {days.length > 1 && <span>{days.at(-1)?.key}</span>}
      </div>
      {busiest && largest > 0 && (
        <p className="muted day-chart-note">
          Busiest day: {busiest.key}, {formatMeasure(valueOf(busiest, measure), measure)}
        </p>
      )}
    </div>
  );
}
