import type { ImportReportEntry, ImportSource, ImportStatus } from '@switchboard/core';
import type { CliIo } from '../cli-io.js';
import { writeJsonLine } from '../io/json-line.js';
import { openCliSwitchboard } from './open-cli-switchboard.js';

const ICONS: Readonly<Record<ImportStatus, string>> = { imported: '✅', skipped: '➖', 'not-found': '·', error: '⚠️' };

/**
 * `sb auth import [--from <cli>]`: adopts the sessions other CLIs hold and reports what it
 * took, what it left and why. Only the report is shown, never the sessions (they hold secrets).
 * Exit 1 only when something failed and nothing was imported.
 */
export async function runAuthImport(io: CliIo, options: { from?: ImportSource; json?: boolean }): Promise<number> {
  const { auth } = await openCliSwitchboard(io);
  const { report } = await auth.importSessions(options.from);
  const imported = report.filter((entry) => entry.status === 'imported');
  const failed = imported.length === 0 && report.some((entry) => entry.status === 'error');

  if (options.json) {
    writeJsonLine(io.stdout, {
      imported: imported.map(({ source, provider, method }) => ({ source, provider, method })),
      report: report.map(toJson),
    });
  } else {
    for (const entry of report) io.stdout.write(`${ICONS[entry.status]} ${entry.source}: ${entry.detail}\n`);
    io.stdout.write(
      imported.length === 0
        ? '\nNothing imported. Log in with `sb auth login <provider>`.\n'
        : `\nImported ${imported.length} session${imported.length === 1 ? '' : 's'}; their files were left as they were. See \`sb auth status\`.\n`,
    );
  }
  return failed ? 1 : 0;
}

function toJson(entry: ImportReportEntry): Record<string, unknown> {
  return {
    source: entry.source,
    provider: entry.provider ?? null,
    method: entry.method ?? null,
    status: entry.status,
    detail: entry.detail,
    path: entry.path ?? null,
  };
}
