import { createUsageLog, startOfUtcMonth, summarizeUsage, SwitchboardError, type UsageTotals } from '@switchboard/core';
import type { CliIo } from '../cli-io.js';
import { writeJsonLine } from '../io/json-line.js';
import { createTerminalStyle } from '../io/terminal-style.js';
import { openCliSwitchboard } from './open-cli-switchboard.js';
import { readBudgets } from './read-budgets.js';

const GROUPINGS = ['provider', 'model', 'day', 'agent'];

/**
 * `sb usage [--json]`: what the local usage log recorded, by provider, model and day (UTC),
 * with each monthly budget. `--json` prints `{"usageLog","summary":{total,byProvider,byModel,byDay},"budgets":[…]}`.
 */
export async function runUsage(io: CliIo, options: { json?: boolean; by?: string }): Promise<number> {
  if (options.by !== undefined && !GROUPINGS.includes(options.by))
    throw new SwitchboardError('INVALID_INPUT', `--by must be one of ${GROUPINGS.join(', ')}; "${options.by}" is not.`);
  const { config, paths } = await openCliSwitchboard(io);
  const usageLog = createUsageLog({ path: paths.usageLog });
  const summary = summarizeUsage(await usageLog.read());
  const budgets = await readBudgets(config, usageLog, () => io.now());

  if (options.json) {
    writeJsonLine(io.stdout, { usageLog: paths.usageLog, summary, budgets });
    return 0;
  }
  const style = createTerminalStyle({ stream: io.stdout, environment: io.environment });
  if (summary.total.requests === 0) {
    io.stdout.write(`No requests recorded yet (${paths.usageLog}).\n`);
  } else {
    const sections: Array<[string, string, Array<[string, UsageTotals]>]> = [
      ['provider', 'Provider', summary.byProvider.map((row) => [row.provider, row])],
      ['model', 'Model', summary.byModel.map((row) => [row.model, row])],
      ['day', 'Day (UTC)', summary.byDay.map((row) => [row.day, row])],
      ['agent', 'Agent session', summary.byAgent.map((row) => [row.agent, row])],
    ];
    for (const [grouping, title, rows] of sections) {
      if (options.by === undefined ? grouping === 'agent' && rows.length === 0 : grouping !== options.by) continue;
      io.stdout.write(`${renderTable(title, [...rows, ['Total', summary.total]], style.bold)}\n`);
    }
  }
  if (budgets.length > 0) {
    io.stdout.write(style.bold(`Budgets (${startOfUtcMonth(io.now()).toISOString().slice(0, 7)}, UTC)\n`));
    for (const status of budgets) {
      const line = `${status.name}: ${dollars(status.spentUsd)} of ${dollars(status.budgetUsd)} (${Math.floor(status.fraction * 100)}%)`;
      const painted =
        status.level === 'exceeded'
          ? style.red(`${line} — exceeded, requests refused`)
          : status.level === 'warn'
            ? style.yellow(line)
            : line;
      io.stdout.write(`${painted}\n`);
    }
  }
  io.stdout.write(style.dim(`Costs are estimates at catalog list prices; subscription routes count as $0.\n`));
  return 0;
}

function dollars(amount: number): string {
  return amount > 0 && amount < 0.01 ? `$${amount.toFixed(4)}` : `$${amount.toFixed(2)}`;
}

function renderTable(title: string, rows: Array<[string, UsageTotals]>, bold: (text: string) => string): string {
  const header = [title, 'Requests', 'Errors', 'Input tokens', 'Output tokens', 'Cost'];
  const cells = rows.map(([name, totals]) => [
    name,
    String(totals.requests),
    String(totals.errors),
    totals.inputTokens.toLocaleString('en-US'),
    totals.outputTokens.toLocaleString('en-US'),
    dollars(totals.costUsd),
  ]);
  const widths = header.map((cell, column) => Math.max(cell.length, ...cells.map((row) => (row[column] ?? '').length)));
  const line = (row: string[]) =>
    row
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0)))
      .join('  ');
  return [bold(line(header)), ...cells.map(line)].join('\n') + '\n';
}
