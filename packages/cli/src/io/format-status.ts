import type { AuthMethod, ProviderStatus, SessionStatus } from '@switchboard/core/startup';
import type { TerminalStyle } from './terminal-style.js';

const METHOD_LABELS: Readonly<Record<AuthMethod, string>> = {
  'api-key': 'API key',
  oauth: 'sign-in',
  'claude-code': 'Claude Code',
  'gemini-cli': 'Gemini CLI',
  'codex-cli': 'Codex CLI',
  'client-credentials': 'client credentials',
  'service-account': 'service-account key',
  adc: 'Application Default Credentials',
  aws: 'AWS credentials',
};

/** How a method is named to people ("API key", "sign-in", …). */
export function methodLabel(method: AuthMethod): string {
  return METHOD_LABELS[method];
}

/**
 * One human status line: `✅ ChatGPT: logged in (expires in 7 days) · sign-in · a@b.c · plan plus  ● active`
 * or `❌ Gemini: not logged in`.
 */
export function formatStatusLine(status: ProviderStatus, options: { now: number; style: TerminalStyle }): string {
  const { style } = options;
  const active = status.active ? `  ${style.bold('● active')}` : '';
  if (!status.loggedIn) return `❌ ${status.name}: ${style.red('not logged in')}${active}`;
  const expiry = describeExpiry(status.expiresAt, options.now, status.refreshable);
  const details = [
    status.method ? methodLabel(status.method) : null,
    status.account,
    status.plan ? `plan ${status.plan}` : null,
  ].filter((detail): detail is string => Boolean(detail));
  return `✅ ${status.name}: ${style.green('logged in')}${expiry ? ` (${expiry})` : ''}${details.length > 0 ? style.dim(` · ${details.join(' · ')}`) : ''}${active}`;
}

/**
 * One session of a provider, indented under its provider's line:
 * `   ● openai/work · sign-in · a@b.c · plan pro (expires in 7 days)` — `●` marks the active one.
 */
export function formatSessionLine(session: SessionStatus, options: { now: number; style: TerminalStyle }): string {
  const { style } = options;
  const expiry = describeExpiry(session.expiresAt, options.now, session.refreshable);
  const details = [methodLabel(session.method), session.account, session.plan ? `plan ${session.plan}` : null].filter(
    (detail): detail is string => Boolean(detail),
  );
  const marker = session.active ? style.bold('●') : '○';
  const active = session.active ? `  ${style.bold('active')}` : '';
  return `   ${marker} ${session.ref}${style.dim(` · ${details.join(' · ')}`)}${expiry ? ` (${expiry})` : ''}${active}`;
}

/** "expires in 7 days", "expired", … or null for a credential that does not expire. */
export function describeExpiry(expiresAt: string | null, now: number, refreshable: boolean): string | null {
  if (expiresAt === null) return null;
  const remaining = Date.parse(expiresAt) - now;
  if (Number.isNaN(remaining)) return null;
  if (remaining <= 0) return refreshable ? 'token expired; refreshes on next use' : 'expired';
  return `expires in ${describeDuration(remaining)}`;
}

/** A duration as people say it: "40 seconds", "12 minutes", "3 hours", "7 days". */
export function describeDuration(milliseconds: number): string {
  const seconds = Math.max(1, Math.round(milliseconds / 1000));
  if (seconds < 90) return plural(seconds, 'second');
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) return plural(minutes, 'minute');
  const hours = Math.round(minutes / 60);
  if (hours < 48) return plural(hours, 'hour');
  return plural(Math.round(hours / 24), 'day');
}

function plural(count: number, unit: string): string {
  return `${count} ${unit}${count === 1 ? '' : 's'}`;
}
