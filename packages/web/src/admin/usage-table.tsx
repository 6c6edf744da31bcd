import { formatCost, formatCount, type UsageTotals } from './usage-summary.js';

/**
 * The numbers behind a usage chart: one row per group with requests, tokens and estimated cost.
 * It is the chart's text alternative, so it is always in the page for screen readers, and shown
 * to everyone on request.
 */
export function UsageTable({
  rows,
  keyHeading,
  labelOf,
  caption,
}: {
  rows: readonly UsageTotals[];
  keyHeading: string;
  labelOf: (key: string) => string;
  caption: string;
}) {
  return (
    <table className="admin-table usage-table">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{keyHeading}</th>
          <th scope="col">Requests</th>
          <th scope="col">Input tokens</th>
          <th scope="col">Output tokens</th>
          <th scope="col">Estimated cost</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key}>
            <th scope="row">{labelOf(row.key)}</th>
            <td data-label="Requests">{formatCount(row.requests)}</td>
            <td data-label="Input tokens">{formatCount(row.inputTokens)}</td>
            <td data-label="Output tokens">{formatCount(row.outputTokens)}</td>
            <td data-label="Estimated cost">{formatCost(row.costUsd)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
