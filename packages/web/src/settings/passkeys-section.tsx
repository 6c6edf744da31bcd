import { startRegistration, type PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/browser';
import { useId, useLayoutEffect, useRef, useState, type FormEvent } from 'react';
import { api, messageOf } from '../api.js';
import { ErrorMessage } from '../layout.js';
import { useResource } from '../use-resource.js';
import { ConfirmButton } from './confirm-button.js';
import { StatusMessage } from './status-message.js';
import { When } from './when.js';

/** A passkey as better-auth's passkey plugin lists it (`GET /api/auth/passkey/list-user-passkeys`). */
interface Passkey {
  readonly id: string;
  readonly name?: string | null;
  readonly createdAt: string;
  readonly backedUp?: boolean;
}

const PASSKEYS = '/api/auth/passkey';

const nameOf = (passkey: Passkey) => passkey.name?.trim() || 'Unnamed passkey';

/** One passkey: its name (editable in place), when it was added, Rename and Remove. */
function PasskeyItem({
  passkey,
  busy,
  onRename,
  onRemove,
}: {
  passkey: Passkey;
  busy: boolean;
  onRename: (name: string) => Promise<boolean>;
  onRemove: () => Promise<void>;
}) {
  const id = useId();
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState('');
  const inputRef = useRef<HTMLInputElement>(null);
  const renameRef = useRef<HTMLButtonElement>(null);
  const [focusBack, setFocusBack] = useState(false);

  useLayoutEffect(() => {
    if (editing) inputRef.current?.select();
    else if (focusBack) {
      renameRef.current?.focus();
      setFocusBack(false);
    }
  }, [editing, focusBack]);

  async function save(event: FormEvent) {
    event.preventDefault();
    if (await onRename(name.trim())) {
      setEditing(false);
      setFocusBack(true);
    }
  }

  return (
    <li className="item" data-passkey-id={passkey.id}>
      {editing ? (
        <form className="settings-inline" onSubmit={(event) => void save(event)}>
          <label htmlFor={`${id}-name`} className="visually-hidden">
            New name for {nameOf(passkey)}
          </label>
          <input
            ref={inputRef}
            id={`${id}-name`}
            type="text"
            required
            maxLength={100}
            autoComplete="off"
            value={name}
            onChange={(event) => setName(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Escape') {
                setEditing(false);
                setFocusBack(true);
              }
            }}
          />
          <button type="submit" className="primary" disabled={busy}>
            Save name
          </button>
          <button
            type="button"
            onClick={() => {
              setEditing(false);
              setFocusBack(true);
            }}
          >
            Cancel
          </button>
        </form>
      ) : (
        <>
          <span className="item-text">
            <strong>{nameOf(passkey)}</strong>
            <span className="muted">
              added <When at={passkey.createdAt} />
              {passkey.backedUp === undefined ? '' : passkey.backedUp ? ' · synced' : ' · on one device'}
            </span>
          </span>
          <span className="item-actions">
            <button
              ref={renameRef}
              type="button"
              disabled={busy}
              aria-label={`Rename ${nameOf(passkey)}`}
              onClick={() => {
                setName(passkey.name ?? '');
                setEditing(true);
              }}
            >
              Rename
            </button>
            <ConfirmButton
              label="Remove"
              accessibleLabel={`Remove ${nameOf(passkey)}`}
              question={`Remove ${nameOf(passkey)}? It cannot sign you in any more.`}
              confirmLabel="Remove passkey"
              disabled={busy}
              onConfirm={onRemove}
            />
          </span>
        </>
      )}
    </li>
  );
}

/**
 * The member's passkeys (better-auth's passkey plugin under `/api/auth/passkey`): list, add one
 * on this device or a security key, rename, remove. The server refuses to remove the last way to
 * sign in, and this section shows its words.
 */
export function PasskeysSection() {
  const id = useId();
  const passkeys = useResource<Passkey[]>(`${PASSKEYS}/list-user-passkeys`);
  const [newName, setNewName] = useState('');
  // Which change runs: the Add button speaks of the passkey prompt only while one is open.
  const [running, setRunning] = useState<'add' | 'change'>();
  const busy = running !== undefined;
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<string>();

  /** Runs one change; true when it worked (its failure is shown). */
  async function change(action: () => Promise<string>, kind: 'add' | 'change' = 'change'): Promise<boolean> {
    setRunning(kind);
    setError(undefined);
    setNotice(undefined);
    try {
      const done = await action();
      await passkeys.reload();
      setNotice(done);
      return true;
    } catch (failure) {
      setError(messageOf(failure));
      return false;
    } finally {
      setRunning(undefined);
    }
  }

  const add = (event: FormEvent) => {
    event.preventDefault();
    void change(async () => {
      const optionsJSON = await api<PublicKeyCredentialCreationOptionsJSON>(`${PASSKEYS}/generate-register-options`);
      const response = await startRegistration({ optionsJSON });
      const name = newName.trim();
      await api(`${PASSKEYS}/verify-registration`, { method: 'POST', body: { response, ...(name ? { name } : {}) } });
      setNewName('');
      return name ? `Added the passkey “${name}”.` : 'Added a passkey.';
    }, 'add');
  };

  const list = passkeys.data;
  return (
    <section aria-labelledby="passkeys-title" className="panel">
      <h2 id="passkeys-title">Passkeys</h2>
      <p className="muted">
        Passkeys sign you in with this device&rsquo;s screen lock, a phone or a security key. Keep more than one, so
        losing a device does not lock you out.
      </p>
      <ErrorMessage message={passkeys.error ?? error} />
      {list === undefined ? (
        !passkeys.error && <p className="muted">Loading…</p>
      ) : list.length === 0 ? (
        <p className="muted">You have no passkey: you sign in through a linked identity.</p>
      ) : (
        <ul className="item-list" aria-label="Your passkeys">
          {list.map((passkey) => (
            <PasskeyItem
              key={passkey.id}
              passkey={passkey}
              busy={busy}
              onRename={(name) =>
                change(async () => {
                  await api(`${PASSKEYS}/update-passkey`, { method: 'POST', body: { id: passkey.id, name } });
                  return `Renamed the passkey to “${name}”.`;
                })
              }
              onRemove={async () => {
                await change(async () => {
                  await api(`${PASSKEYS}/delete-passkey`, { method: 'POST', body: { id: passkey.id } });
                  return `Removed ${nameOf(passkey)}.`;
                });
              }}
            />
          ))}
        </ul>
      )}
      <StatusMessage message={notice} />
      <form className="settings-inline add-passkey" onSubmit={add}>
        <label htmlFor={`${id}-new`}>Name (optional)</label>
        <input
          id={`${id}-new`}
          type="text"
          maxLength={100}
          autoComplete="off"
          placeholder="Work laptop"
          value={newName}
          onChange={(event) => setNewName(event.target.value)}
        />
        <button type="submit" className="primary" disabled={busy}>
          {running === 'add' ? 'Waiting for your passkey…' : 'Add a passkey'}
        </button>
      </form>
    </section>
  );
}
