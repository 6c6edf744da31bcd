import type { QuotaSnapshot, QuotaWindow } from '@switchboard/core';

/** A window's length as people say it: `5h`, `week`, `day`, `30m`. */
export function windowLabel(window: QuotaWindow): string {
  const minutes = window.windowMinutes;
  const length =
    minutes === undefined
      ? window.id.endsWith('.secondary')
        ? 'long window'
        : 'short window'
      : minutes === 10_080
        ? 'week'
        : minutes === 1_440
          ? 'day'
          : minutes % 1_440 === 0
            ? `${minutes / 1_440}d`
            : minutes % 60 === 0
              ? `${minutes / 60}h`
              : `${minutes}m`;
  return window.limitName ? `${window.limitName} ${length}` : length;
}

/** `in 59m`, `in 4d 2h`, `now` (a reset in the past has happened). */
export function describeReset(resetsAt: number, now: number): string {
  const minutes = Math.ceil((resetsAt - now) / 60_000);
  if (minutes <= 0) return 'now';
  if (minutes < 60) return `in ${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `in ${hours}h ${minutes % 60}m`;
  return `in ${Math.floor(hours / 24)}d ${hours % 24}h`;
}

/** `5h: 12.5% used, resets in 59m`. */
export function formatWindow(window: QuotaWindow, now: number): string {
  const used = `${Math.round(window.usedPercent * 10) / 10}% used`;
  const reset = window.resetsAt === undefined ? '' : `, resets ${describeReset(window.resetsAt, now)}`;
  return `${windowLabel(window)}: ${used}${reset}`;
}

/** One line for a snapshot: every window, credits, and how old the report is. */
export function formatQuotaSummary(snapshot: QuotaSnapshot, now: number): string {
  const parts = snapshot.windows.map((window) => formatWindow(window, now));
  if (snapshot.credits?.unlimited) parts.push('credits: unlimited');
  else if (snapshot.credits?.hasCredits) parts.push(`credits: ${snapshot.credits.balance ?? 'yes'}`);
  if (snapshot.limitReached) parts.push(`limit reached (${snapshot.limitReached})`);
  if (parts.length === 0) parts.push('no usage windows reported');
  return `${parts.join(' · ')} (as of ${describeAge(snapshot.observedAt, now)})`;
}

function describeAge(observedAt: number, now: number): string {
  const minutes = Math.floor((now - observedAt) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes}m ago`;
  const hours = Math.floor(minutes / 60);
  return hours < 24 ? `${hours}h ago` : `${Math.floor(hours / 24)}d ago`;
}
