import { useId, useState, type ReactNode } from 'react';
import { UsageTable } from './usage-table.js';
import type { UsageTotals } from './usage-summary.js';

/**
 * A usage chart with its name and its numbers: a `<figure>` named by its caption, the drawing
 * (hidden from screen readers: the table says the same, exactly) and the table, visually hidden
 * until the person asks for it.
 */
export function UsageFigure({
  title,
  rows,
  keyHeading,
  labelOf,
  children,
}: {
  title: string;
  rows: readonly UsageTotals[];
  keyHeading: string;
  labelOf: (key: string) => string;
  children: ReactNode;
}) {
  const id = useId();
  const [showTable, setShowTable] = useState(false);
  return (
    <figure className="panel usage-figure" aria-labelledby={`${id}-caption`}>
      <div className="usage-figure-head">
        <figcaption id={`${id}-caption`}>{title}</figcaption>
        <button
          type="button"
          className="small"
          aria-expanded={showTable}
          aria-controls={`${id}-table`}
          onClick={() => setShowTable((shown) => !shown)}
        >
          {showTable ? 'Hide the numbers' : 'Show the numbers'}
        </button>
      </div>
      <div aria-hidden="true">{children}</div>
      <div id={`${id}-table`} className={showTable ? 'usage-table-wrap' : 'visually-hidden'}>
        <UsageTable rows={rows} keyHeading={keyHeading} labelOf={labelOf} caption={title} />
      </div>
    </figure>
  );
}
