import { useId, useState, type FormEvent } from 'react';
import { api, messageOf } from '../api.js';
import { ErrorMessage } from '../layout.js';
import { navigate } from '../navigation.js';
import { useResource } from '../use-resource.js';
import { useConfirm, type ConfirmRequest } from './confirm-dialog.js';
import { EnrollmentLink, type IssuedEnrollment } from './enrollment-link.js';
import { formatDate } from './format-date-time.js';

type Role = 'admin' | 'user';

/** A member as `GET /api/admin/users` lists them. */
interface TeamUser {
  readonly id: string;
  readonly email: string | null;
  readonly role: Role;
  readonly createdAt: string;
  readonly disabled: boolean;
  /** With sign-in: how many ways in they have; none yet means their enrollment link is unused. */
  readonly signIn?: { readonly passkeys: number; readonly identities: number };
}

/** A member's ways in, in words ("2 passkeys · 1 identity"). */
function signInMethodsOf(signIn: NonNullable<TeamUser['signIn']>): string {
  const parts = [
    signIn.passkeys > 0 ? `${signIn.passkeys} passkey${signIn.passkeys === 1 ? '' : 's'}` : '',
    signIn.identities > 0 ? `${signIn.identities} linked identit${signIn.identities === 1 ? 'y' : 'ies'}` : '',
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(' · ') : 'Not enrolled yet';
}

/** `POST /api/admin/users`: an enrollment link with sign-in, else (no sign-in configured) a first API key. */
interface Added {
  readonly user: TeamUser;
  readonly enrollment?: IssuedEnrollment;
  readonly apiKey?: string;
}

/** What the section last did, shown above the list until the next action. */
type Outcome =
  | { kind: 'link'; email: string; enrollment: IssuedEnrollment; message: string }
  | { kind: 'key'; email: string; apiKey: string }
  | { kind: 'done'; message: string };

const nameOf = (user: TeamUser) => user.email ?? `member ${user.id.slice(0, 8)}`;

/** The question each change asks first; enabling someone again takes nothing away, so it asks none. */
function confirmationOf(user: TeamUser, change: Change, self: boolean): ConfirmRequest | undefined {
  const name = nameOf(user);
  switch (change.kind) {
    case 'role':
      return change.role === 'admin'
        ? {
            title: `Make ${name} an admin?`,
            message: 'Admins manage members, sign-in, credentials and policy for the whole workspace.',
            confirmLabel: 'Make admin',
          }
        : {
            title: `Make ${name} a member without admin rights?`,
            message: self
              ? 'You will no longer be able to open the admin pages.'
              : 'They will no longer be able to open the admin pages.',
            confirmLabel: 'Remove admin rights',
            destructive: true,
          };
    case 'disabled':
      return change.disabled
        ? {
            title: `Disable ${name}?`,
            message: self
              ? 'You are signed out at once and cannot sign in again until another admin enables you.'
              : 'They are signed out at once, cannot sign in any way and their API keys stop working, until an admin enables them again.',
            confirmLabel: 'Disable',
            destructive: true,
          }
        : undefined;
    case 'enrollment':
      return {
        title: `New enrollment link for ${name}?`,
        message:
          'A link that lets whoever opens it add a passkey to this member. Their earlier links stop working. Use it for someone who lost every passkey.',
        confirmLabel: 'Create link',
      };
  }
}

type Change = { kind: 'role'; role: Role } | { kind: 'disabled'; disabled: boolean } | { kind: 'enrollment' };

/**
 * Admin section "Users": the workspace's members, adding one (who gets a one-time enrollment
 * link), changing their role, disabling and enabling them, and a new enrollment link for one
 * who lost their passkeys. The server keeps an enabled admin and says so; this shows its words.
 */
export function UsersSection() {
  const users = useResource<{ users: TeamUser[] }>('/api/admin/users');
  const me = useResource<{ userId: string }>('/api/me');
  const { confirm, dialog } = useConfirm();
  const [busy, setBusy] = useState<string>();
  const [error, setError] = useState<string>();
  const [outcome, setOutcome] = useState<Outcome>();

  async function change(user: TeamUser, wanted: Change) {
    const question = confirmationOf(user, wanted, user.id === me.data?.userId);
    if (question && !(await confirm(question))) return;
    setBusy(user.id);
    setError(undefined);
    setOutcome(undefined);
    try {
      const name = nameOf(user);
      if (wanted.kind === 'enrollment') {
        const { enrollment } = await api<{ enrollment: IssuedEnrollment }>(
          `/api/admin/users/${encodeURIComponent(user.id)}/enrollment`,
          { method: 'POST' },
        );
        setOutcome({ kind: 'link', email: name, enrollment, message: `A new enrollment link for ${name} is ready.` });
      } else {
        const body = wanted.kind === 'role' ? { role: wanted.role } : { disabled: wanted.disabled };
        await api(`/api/admin/users/${encodeURIComponent(user.id)}`, { method: 'PATCH', body });
        // An admin who stepped down may no longer be here: the chat is where they still belong.
        if (wanted.kind === 'role' && wanted.role === 'user' && user.id === me.data?.userId) {
          navigate('/', { replace: true });
          return;
        }
        setOutcome({
          kind: 'done',
          message:
            wanted.kind === 'role'
              ? `${name} is now ${wanted.role === 'admin' ? 'an admin' : 'a member without admin rights'}.`
              : `${name} is ${wanted.disabled ? 'disabled' : 'enabled again'}.`,
        });
      }
      await users.reload();
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(undefined);
    }
  }

  // A server without sign-in has only API keys, and no passkeys to count.
  const withSignIn = users.data?.users.some((user) => user.signIn !== undefined) ?? false;
  return (
    <>
      <AddMember
        onAdded={async (added) => {
          setError(undefined);
          const email = nameOf(added.user);
          if (added.enrollment)
            setOutcome({ kind: 'link', email, enrollment: added.enrollment, message: `${email} is added.` });
          else if (added.apiKey) setOutcome({ kind: 'key', email, apiKey: added.apiKey });
          else setOutcome({ kind: 'done', message: `${email} is added.` });
          await users.reload();
        }}
      />
      <section aria-labelledby="members-title" className="panel">
        <h2 id="members-title">Members</h2>
        <ErrorMessage message={error ?? users.error} />
        {outcome && <OutcomeNotice outcome={outcome} />}
        {users.data === undefined ? (
          !users.error && <p className="muted">Loading members…</p>
        ) : users.data.users.length === 0 ? (
          <p className="muted">No members yet.</p>
        ) : (
          <table className="admin-table">
            <caption className="visually-hidden">Members of the workspace</caption>
            <thead>
              <tr>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">Status</th>
                {withSignIn && <th scope="col">Sign-in</th>}
                <th scope="col">Added</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {users.data.users.map((user) => {
                const name = nameOf(user);
                const self = user.id === me.data?.userId;
                return (
                  <tr key={user.id} data-testid="member-row">
                    <th scope="row" data-label="Email">
                      {name}
                      {self && <span className="muted"> (you)</span>}
                    </th>
                    <td data-label="Role">{user.role === 'admin' ? 'Admin' : 'User'}</td>
                    <td data-label="Status">
                      <span className={user.disabled ? 'badge off' : 'badge'}>
                        {user.disabled ? 'Disabled' : 'Active'}
                      </span>
                    </td>
                    {withSignIn && <td data-label="Sign-in">{user.signIn ? signInMethodsOf(user.signIn) : ''}</td>}
                    <td data-label="Added">
                      <time dateTime={user.createdAt}>{formatDate(user.createdAt)}</time>
                    </td>
                    <td data-label="Actions">
                      <div className="row-actions">
                        {/* Each name starts with the button's visible words (WCAG 2.5.3: say what you see). */}
                        <button
                          type="button"
                          disabled={busy !== undefined}
                          aria-label={user.role === 'admin' ? `Remove admin rights of ${name}` : `Make admin: ${name}`}
                          onClick={() =>
                            void change(user, { kind: 'role', role: user.role === 'admin' ? 'user' : 'admin' })
                          }
                        >
                          {user.role === 'admin' ? 'Remove admin' : 'Make admin'}
                        </button>
                        <button
                          type="button"
                          disabled={busy !== undefined}
                          aria-label={`${user.disabled ? 'Enable' : 'Disable'} ${name}`}
                          onClick={() => void change(user, { kind: 'disabled', disabled: !user.disabled })}
                        >
                          {user.disabled ? 'Enable' : 'Disable'}
                        </button>
                        <button
                          type="button"
                          disabled={busy !== undefined || user.disabled}
                          aria-label={`New link for ${name}`}
                          onClick={() => void change(user, { kind: 'enrollment' })}
                        >
                          New link
                        </button>
                      </div>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>
      {dialog}
    </>
  );
}

function OutcomeNotice({ outcome }: { outcome: Outcome }) {
  if (outcome.kind === 'done')
    return (
      <p className="notice" role="status">
        {outcome.message}
      </p>
    );
  if (outcome.kind === 'key')
    return (
      <div className="notice">
        <p role="status">
          {outcome.email} is added. This server has no sign-in, so their way in is this API key, shown only now:
        </p>
        <code className="secret-once">{outcome.apiKey}</code>
      </div>
    );
  return (
    <div className="notice">
      <p role="status">{outcome.message} Send them this link to create their passkey.</p>
      <EnrollmentLink email={outcome.email} enrollment={outcome.enrollment} />
    </div>
  );
}

/** The "Add a member" form: an email and a role; the server answers with their enrollment link. */
function AddMember({ onAdded }: { onAdded: (added: Added) => Promise<void> }) {
  const emailId = useId();
  const roleId = useId();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('user');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const added = await api<Added>('/api/admin/users', { method: 'POST', body: { email: email.trim(), role } });
      setEmail('');
      setRole('user');
      await onAdded(added);
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="add-member-title" className="panel">
      <h2 id="add-member-title">Add a member</h2>
      <form className="inline-form" onSubmit={(event) => void submit(event)}>
        <div className="field">
          <label htmlFor={emailId}>Email</label>
          <input
            id={emailId}
            type="email"
            required
            autoComplete="off"
            value={email}
            onChange={(event) => setEmail(event.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={roleId}>Role</label>
          <select id={roleId} value={role} onChange={(event) => setRole(event.target.value as Role)}>
            <option value="user">User</option>
            <option value="admin">Admin</option>
          </select>
        </div>
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Adding…' : 'Add member'}
        </button>
      </form>
      <ErrorMessage message={error} />
    </section>
  );
}
