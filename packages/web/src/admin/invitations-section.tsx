import { useState } from 'react';
import { api, messageOf } from '../api.js';
import { ErrorMessage } from '../layout.js';
import { useResource } from '../use-resource.js';
import { useConfirm } from './confirm-dialog.js';
import { formatDateTime } from './format-date-time.js';

/** A live enrollment link as `GET /api/admin/invitations` lists it (never its token). */
interface Invitation {
  readonly id: string;
  readonly userId: string;
  readonly email: string | null;
  readonly createdBy: string | null;
  readonly createdAt: string;
  readonly expiresAt: string;
}

/** A member's email for the "created by" column; an invitation made by the command line has no author. */
interface TeamUser {
  readonly id: string;
  readonly email: string | null;
}

/**
 * Admin section "Invitations": the enrollment links not used yet and not expired — for whom,
 * by whom, when they stop working — and revoking one, after which that link is refused.
 */
export function InvitationsSection() {
  const invitations = useResource<{ invitations: Invitation[] }>('/api/admin/invitations');
  const users = useResource<{ users: TeamUser[] }>('/api/admin/users');
  const { confirm, dialog } = useConfirm();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<string>();

  /** Who made an invitation; undefined while the members are loading (no author is claimed before it is known). */
  const authorOf = (userId: string | null): string | undefined => {
    if (userId === null) return 'the command line';
    const email = users.data?.users.find((user) => user.id === userId)?.email;
    if (email) return email;
    return users.data || users.error ? 'a member' : undefined;
  };
  const inviteeOf = (invitation: Invitation) => invitation.email ?? `member ${invitation.userId.slice(0, 8)}`;

  async function revoke(invitation: Invitation) {
    const who = inviteeOf(invitation);
    const confirmed = await confirm({
      title: `Revoke the invitation of ${who}?`,
      message: 'The link stops working at once. You can send them a new one from Users.',
      confirmLabel: 'Revoke',
      destructive: true,
    });
    if (!confirmed) return;
    setBusy(true);
    setError(undefined);
    setNotice(undefined);
    try {
      await api(`/api/admin/invitations/${encodeURIComponent(invitation.id)}`, { method: 'DELETE' });
      setNotice(`The invitation of ${who} is revoked.`);
      await invitations.reload();
    } catch (failure) {
      setError(messageOf(failure));
      // Someone else may have revoked or used it meanwhile: show what is live now.
      await invitations.reload();
    } finally {
      setBusy(false);
    }
  }

  const list = invitations.data?.invitations;
  return (
    <section aria-labelledby="invitations-title" className="panel">
      <h2 id="invitations-title">Pending invitations</h2>
      <p className="muted">
        Enrollment links not used yet. Each works once; a new link for the same member replaces the older one.
      </p>
      <ErrorMessage message={error ?? invitations.error} />
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      {list === undefined ? (
        !invitations.error && <p className="muted">Loading invitations…</p>
      ) : list.length === 0 ? (
        <p className="muted">No pending invitations.</p>
      ) : (
        <table className="admin-table">
          <caption className="visually-hidden">Pending invitations</caption>
          <thead>
            <tr>
              <th scope="col">For</th>
              <th scope="col">Created</th>
              <th scope="col">Expires</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {list.map((invitation) => {
              const author = authorOf(invitation.createdBy);
              return (
                <tr key={invitation.id} data-testid="invitation-row">
                  <th scope="row" data-label="For">
                    {inviteeOf(invitation)}
                  </th>
                  <td data-label="Created">
                    <time dateTime={invitation.createdAt}>{formatDateTime(invitation.createdAt)}</time>
                    {author !== undefined && <span className="muted"> by {author}</span>}
                  </td>
                  <td data-label="Expires">
                    <time dateTime={invitation.expiresAt}>{formatDateTime(invitation.expiresAt)}</time>
                  </td>
                  <td data-label="Actions">
                    <button
                      type="button"
                      disabled={busy}
                      aria-label={`Revoke the invitation of ${inviteeOf(invitation)}`}
                      onClick={() => void revoke(invitation)}
                    >
                      Revoke
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {dialog}
    </section>
  );
}
