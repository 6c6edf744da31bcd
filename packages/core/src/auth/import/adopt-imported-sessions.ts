import type { StoredSession } from '../../vault/session.js';
import type { SecretStore } from '../../vault/secret-store.js';
import { addSession, sessionsOf, type NamedSession } from '../../vault/session-entries.js';
import { isSameAccount } from '../plan-session-filing.js';
import { importSourceOf, type ImportReportEntry, type ImportResult } from './import-types.js';

/**
 * Stores the sessions other CLIs hold beside the ones already here, under their default names;
 * a session of an account already stored here is kept out and reported as skipped (replacing it
 * is the person's call: log out of that session first). Returns the sessions adopted and the
 * import report with the skips.
 */
export async function adoptImportedSessions(
  store: SecretStore,
  result: ImportResult,
): Promise<{ adopted: NamedSession[]; report: ImportReportEntry[] }> {
  const kept: ImportReportEntry[] = [];
  const adopted: NamedSession[] = [];
  await store.update((document) => {
    for (const session of result.sessions) {
      const same = sessionsOf(document, session.provider).find((entry) => isSameAccount(entry.session, session));
      if (same) {
        // Every session the importer returns names the CLI it came from.
        const source = importSourceOf(session.metadata);
        if (source) kept.push(skipped(source, session, same.key));
        continue;
      }
      const key = addSession(document, session);
      adopted.push({ key, name: key.slice(session.provider.length + 1), session });
    }
  });
  const keptByKey = new Map(kept.map((entry) => [`${entry.source}:${entry.provider}`, entry]));
  const report = result.report.map((entry) =>
    entry.status === 'imported' ? (keptByKey.get(`${entry.source}:${entry.provider}`) ?? entry) : entry,
  );
  return { adopted, report };
}

function skipped(source: ImportReportEntry['source'], session: StoredSession, key: string): ImportReportEntry {
  return {
    source,
    provider: session.provider,
    method: session.method,
    status: 'skipped',
    detail: `already stored here as ${key}; run \`sb auth logout ${key}\` first to replace it`,
  };
}
