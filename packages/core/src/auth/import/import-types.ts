import type { Environment } from '../../config/environment.js';
import type { AuthMethod, ProviderId } from '../../ids.js';
import type { StoredSession } from '../../vault/session.js';

/** The other CLIs whose logins `sb auth import` can adopt, in the order they are read. */
export const IMPORT_SOURCES = ['codex', 'gemini', 'claude', 'opencode'] as const;
/** A CLI `sb auth import --from` can read. */
export type ImportSource = (typeof IMPORT_SOURCES)[number];

/** True when `value` names an {@link ImportSource}. */
export function isImportSource(value: string): value is ImportSource {
  return (IMPORT_SOURCES as readonly string[]).includes(value);
}

/**
 * Where a stored session was borrowed from: the text before the first `:` of its
 * `metadata.importedFrom` (`codex:/home/me/.codex/auth.json` → `codex`; a converted legacy file
 * names itself, e.g. `codex auth.json`). Undefined for a session Switchboard signed in itself.
 */
export function importOriginOf(metadata: { importedFrom?: string | undefined }): string | undefined {
  return metadata.importedFrom?.split(':')[0];
}

/** The other CLI a session was imported from (see {@link importOriginOf}), when it is one `sb auth import` reads. */
export function importSourceOf(metadata: { importedFrom?: string | undefined }): ImportSource | undefined {
  const origin = importOriginOf(metadata);
  return origin !== undefined && isImportSource(origin) ? origin : undefined;
}

/** What happened to one credential (or one source) during an import. */
export type ImportStatus = 'imported' | 'not-found' | 'skipped' | 'error';

/** One line of the import report. Never holds a token or key, only where and what. */
export interface ImportReportEntry {
  source: ImportSource;
  provider?: ProviderId;
  method?: AuthMethod;
  status: ImportStatus;
  /** One sentence a person can act on: what was found, taken or left, and why. */
  detail: string;
  /** The file this entry is about. */
  path?: string;
}

/** What {@link importExternalSessions} returns: at most one session per provider, and the report. */
export interface ImportResult {
  /** Sessions to store, each with `metadata.importedFrom = '<source>:<file path>'`. */
  sessions: StoredSession[];
  report: ImportReportEntry[];
}

/** Inputs every reader receives. Nothing is read from `process.env`. */
export interface ImportReaderOptions {
  /** The environment whose home variables (CODEX_HOME, GEMINI_CLI_HOME, …) are honored. */
  environment: Environment;
  /** The user's home directory, used where no variable relocates a tool's home. */
  homeDirectory: string;
  /** Clock, epoch ms. */
  now: () => number;
}

/**
 * What a single reader found in one place. `found` carries a candidate session; the
 * orchestrator decides which candidate per provider is imported.
 */
export interface SourceFinding {
  source: ImportSource;
  status: 'found' | 'not-found' | 'skipped' | 'error';
  provider?: ProviderId;
  method?: AuthMethod;
  path: string;
  /**
   * For `found`: what it is, e.g. `ChatGPT sign-in (ada@example.com, plan plus)`.
   * Otherwise the full sentence for the report. Never a secret.
   */
  detail: string;
  /** For `found`: a remark added after the import line (e.g. how the session is used). */
  note?: string;
  session?: StoredSession;
}
