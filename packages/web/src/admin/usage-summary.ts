/** Totals of one group (a provider, a model, a day or a member), as the team server sums them. */
export interface UsageTotals {
  readonly key: string;
  readonly requests: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly costUsd: number;
}

/** `GET /api/admin/usage?since=YYYY-MM-DD`: totals since that day (UTC) by provider, model, day and member. */
export interface UsageSummary {
  readonly since: string;
  readonly byProvider: readonly UsageTotals[];
  readonly byModel: readonly UsageTotals[];
  readonly byDay: readonly UsageTotals[];
  readonly byUser?: readonly UsageTotals[];
}

/** What a chart measures. */
export type UsageMeasure = 'requests' | 'tokens' | 'cost';

/** The measures a person can pick, in words. */
export const MEASURES: readonly { readonly measure: UsageMeasure; readonly label: string }[] = [
  { measure: 'requests', label: 'Requests' },
  { measure: 'tokens', label: 'Tokens' },
  { measure: 'cost', label: 'Estimated cost' },
];

/** The value of `measure` in `totals` (tokens: input and output together). */
export function valueOf(totals: UsageTotals, measure: UsageMeasure): number {
  if (measure === 'requests') return totals.requests;
  if (measure === 'tokens') return totals.inputTokens + totals.outputTokens;
  return totals.costUsd;
}

const counts = new Intl.NumberFormat('en-US');

/** A count for people: "12,345". */
export function formatCount(value: number): string {
  return counts.format(value);
}

/** An estimated cost: "$0.0123" below a cent (small chats cost fractions of one), else "$12.34". */
export function formatCost(value: number): string {
  if (value === 0) return '$0';
  return value < 0.01 ? `$${value.toPrecision(2)}` : `$${value.toFixed(2)}`;
}

/** `value` of `measure` in words, as charts label their bars. */
export function formatMeasure(value: number, measure: UsageMeasure): string {
  return measure === 'cost' ? formatCost(value) : formatCount(value);
}

/** Every group's totals added up. */
export function sumOf(rows: readonly UsageTotals[]): Omit<UsageTotals, 'key'> {
  return rows.reduce(
    (sum, row) => ({
      requests: sum.requests + row.requests,
      inputTokens: sum.inputTokens + row.inputTokens,
      outputTokens: sum.outputTokens + row.outputTokens,
      costUsd: sum.costUsd + row.costUsd,
    }),
    { requests: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 },
  );
}
