import { useCallback, useEffect, useId, useState } from 'react';
import { api, ApiError, messageOf } from '../api.js';
import { ErrorMessage } from '../layout.js';
import { navigate } from '../navigation.js';
import { useMemberEmails } from './use-member-emails.js';

/** One event of `GET /api/admin/audit` (details already redacted by the server). */
interface AuditEvent {
  readonly id: string;
  readonly at: string;
  readonly action: string;
  readonly actorUserId?: string;
  readonly target?: string;
  readonly details: Readonly<Record<string, unknown>>;
}

interface AuditPage {
  readonly events: readonly AuditEvent[];
  /** The `before` of the next page; absent on the last one. */
  readonly next?: string;
}

const PAGE_SIZE = 50;
const dateOf = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const timeOf = new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' });

/** Details as "path: value" lines: nested objects flattened, lists joined, so a row reads without JSON. */
function detailLines(value: unknown, path = ''): string[] {
  if (Array.isArray(value))
    return [`${path}: ${value.length === 0 ? 'none' : value.map((item) => String(item)).join(', ')}`];
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 0) return path ? [`${path}: none`] : [];
    return entries.flatMap(([key, inner]) => detailLines(inner, path ? `${path}.${key}` : key));
  }
  return [`${path}: ${String(value)}`];
}

/**
 * The audit log, newest first, a page at a time ("Load more" follows the server's `next`): time,
 * who did it (their email), what, on what, and the details the server kept. The action filter
 * narrows the events loaded so far; the server has no filter of its own.
 */
export function AuditSection() {
  const id = useId();
  const [events, setEvents] = useState<readonly AuditEvent[]>();
  const [next, setNext] = useState<string>();
  const [action, setAction] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const emailOf = useMemberEmails();

  const load = useCallback(async (before: string | undefined) => {
    setBusy(true);
    setError(undefined);
    try {
      const query = new URLSearchParams({ limit: String(PAGE_SIZE), ...(before ? { before } : {}) });
      const page = await api<AuditPage>(`/api/admin/audit?${query}`);
      setEvents((shown) => (before && shown ? [...shown, ...page.events] : page.events));
      setNext(page.next);
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 401) navigate('/sign-in', { replace: true });
      else setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  }, []);

  useEffect(() => {
    void load(undefined);
  }, [load]);

  const actions = [...new Set((events ?? []).map((event) => event.action))].sort();
  const shown = (events ?? []).filter((event) => action === '' || event.action === action);
  return (
    <section className="panel audit" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Events</h2>
      <div className="audit-controls">
        <div className="field-inline">
          <label htmlFor={`${id}-action`}>Action</label>
          <select id={`${id}-action`} value={action} onChange={(event) => setAction(event.target.value)}>
            <option value="">All actions</option>
            {actions.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </div>
        <button type="button" disabled={busy} onClick={() => void load(undefined)}>
          Refresh
        </button>
      </div>
      <ErrorMessage message={error} />
      <p className="muted" aria-live="polite">
        {events === undefined
          ? busy
            ? 'Loading the audit log…'
            : ''
          : `${shown.length} of ${events.length} events loaded${next ? '; older ones can be loaded' : ''}.`}
      </p>
      {events !== undefined && events.length === 0 && <p>Nothing has been recorded yet.</p>}
      {shown.length > 0 && (
        <table className="admin-table audit-table">
          <caption className="visually-hidden">Audit events, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Actor</th>
              <th scope="col">Action</th>
              <th scope="col">Target</th>
              <th scope="col">Details</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((event) => {
              const lines = detailLines(event.details);
              return (
                <tr key={event.id} data-action={event.action}>
                  <td data-label="Time">
                    <time dateTime={event.at}>
                      {/* Date and time each kept whole: a narrow column wraps between them, not inside. */}
                      <span className="nowrap">{dateOf.format(new Date(event.at))}</span>{' '}
                      <span className="nowrap">{timeOf.format(new Date(event.at))}</span>
                    </time>
                  </td>
                  <td data-label="Actor">
                    {event.actorUserId ? emailOf(event.actorUserId) : <span className="muted">no member</span>}
                  </td>
                  <td data-label="Action">
                    <code>{event.action}</code>
                  </td>
                  <td data-label="Target">{event.target ? emailOf(event.target) : <span className="muted">—</span>}</td>
                  <td data-label="Details" className="audit-details">
                    {lines.length === 0 ? (
                      <span className="muted">—</span>
                    ) : (
                      <ul>
                        {lines.map((line) => (
                          <li key={line}>{line}</li>
                        ))}
                      </ul>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {next && (
        <button type="button" disabled={busy} onClick={() => void load(next)}>
          {busy ? 'Loading…' : 'Load more'}
        </button>
      )}
    </section>
  );
}
