import { SwitchboardError } from '../../errors.js';
import type { ProviderId } from '../../ids.js';
import type { StoredSession } from '../../vault/session.js';
import { isCliBridgeMethod } from '../../ids.js';
import { detectClaudeCode } from './detect-claude-code.js';
import {
  IMPORT_SOURCES,
  isImportSource,
  type ImportReaderOptions,
  type ImportReportEntry,
  type ImportResult,
  type ImportSource,
  type SourceFinding,
} from './import-types.js';
import { readCodexAuth } from './read-codex-auth.js';
import { readGeminiAuth } from './read-gemini-auth.js';
import { readOpencodeAuth } from './read-opencode-auth.js';

/** Options of {@link importExternalSessions}. */
export interface ImportExternalSessionsOptions extends ImportReaderOptions {
  /** Read only this CLI; default all of {@link IMPORT_SOURCES}. */
  from?: ImportSource;
}

const READERS: Readonly<Record<ImportSource, (options: ImportReaderOptions) => Promise<SourceFinding[]>>> = {
  codex: readCodexAuth,
  gemini: readGeminiAuth,
  claude: detectClaudeCode,
  opencode: readOpencodeAuth,
};

/**
 * Adopts the sessions and keys other CLIs already hold (`sb auth import`): Codex
 * (`$CODEX_HOME/auth.json`), Gemini CLI (`$GEMINI_CLI_HOME/.gemini/oauth_creds.json`,
 * `.gemini/.env`), Claude Code login presence (`$CLAUDE_CONFIG_DIR`) and opencode
 * (`$XDG_DATA_HOME/opencode/auth.json`). Their files are only read, never modified.
 *
 * Returns at most one session per provider. When several are found for one provider, a
 * subscription sign-in (`oauth`, a CLI bridge) wins over an API key, then the earlier
 * source in {@link IMPORT_SOURCES}; the others are reported as `skipped`. A missing or
 * malformed file is a report entry (`not-found` / `error`), never an exception. Nothing is
 * stored here: the caller (AuthManager) writes the sessions to the vault.
 *
 * @throws SwitchboardError `INVALID_INPUT` when `from` is not a known source.
 */
export async function importExternalSessions(options: ImportExternalSessionsOptions): Promise<ImportResult> {
  if (options.from !== undefined && !isImportSource(options.from)) {
    throw new SwitchboardError(
      'INVALID_INPUT',
      `Unknown import source "${String(options.from)}". Valid sources: ${IMPORT_SOURCES.join(', ')}.`,
    );
  }
  const sources = options.from ? [options.from] : IMPORT_SOURCES;
  const readerOptions: ImportReaderOptions = {
    environment: options.environment,
    homeDirectory: options.homeDirectory,
    now: options.now,
  };
  const findings = (await Promise.all(sources.map((source) => runReader(source, readerOptions)))).flat();
  return resolveFindings(findings);
}

async function runReader(source: ImportSource, options: ImportReaderOptions): Promise<SourceFinding[]> {
  try {
    return await READERS[source](options);
  } catch (error) {
    // Readers report expected failures themselves; this is a bug or an odd filesystem.
    // Only the error's code or name is shown: a message could quote file contents.
    const code =
      typeof error === 'object' && error !== null && 'code' in error
        ? String(error.code)
        : error instanceof Error
          ? error.name
          : 'unknown';
    return [
      { source, path: '', status: 'error', detail: `unexpected failure while reading the ${source} login (${code})` },
    ];
  }
}

function resolveFindings(findings: SourceFinding[]): ImportResult {
  const winners = new Map<ProviderId, SourceFinding>();
  for (const finding of findings) {
    if (finding.status !== 'found' || !finding.session || !finding.provider) continue;
    const current = winners.get(finding.provider);
    if (!current || rank(finding) < rank(current)) winners.set(finding.provider, finding);
  }

  const sessions: StoredSession[] = [];
  const report: ImportReportEntry[] = [];
  for (const finding of findings) {
    const entry: ImportReportEntry = {
      source: finding.source,
      ...(finding.provider ? { provider: finding.provider } : {}),
      ...(finding.method ? { method: finding.method } : {}),
      status: 'error',
      detail: finding.detail,
      ...(finding.path ? { path: finding.path } : {}),
    };
    if (finding.status !== 'found') {
      report.push({ ...entry, status: finding.status });
      continue;
    }
    const winner = finding.provider ? winners.get(finding.provider) : undefined;
    if (winner === finding && finding.session) {
      sessions.push(finding.session);
      report.push({
        ...entry,
        status: 'imported',
        detail: `imported ${finding.detail} from ${finding.path}${finding.note ? `: ${finding.note}` : ''}`,
      });
    } else {
      const kept = winner ? `the ${winner.method} session from ${winner.source} (${winner.path})` : 'another session';
      report.push({
        ...entry,
        status: 'skipped',
        detail: `found ${finding.detail} in ${finding.path}, but kept ${kept}: one session per provider`,
      });
    }
  }
  return { sessions, report };
}

/** Lower is preferred: subscription sign-ins first, then the source order. */
function rank(finding: SourceFinding): number {
  const subscription = finding.method === 'oauth' || isCliBridgeMethod(finding.method) ? 0 : 1;
  return subscription * IMPORT_SOURCES.length + IMPORT_SOURCES.indexOf(finding.source);
}
