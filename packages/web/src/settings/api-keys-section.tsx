import { useId, useLayoutEffect, useRef, useState, type FormEvent } from 'react';
import { api, messageOf } from '../api.js';
import { ErrorMessage } from '../layout.js';
import { useResource } from '../use-resource.js';
import { ConfirmButton } from './confirm-button.js';
import { StatusMessage } from './status-message.js';
import { When } from './when.js';

/** A personal API key as `GET /api/me/api-keys` lists it: never the key, only its hint. */
interface ApiKeySummary {
  readonly id: string;
  readonly name: string;
  readonly hint: string;
  readonly createdAt: string;
  readonly lastUsedAt: string | null;
  readonly revoked: boolean;
}

const NAME_PATTERN = '[\\w .\\-]{1,100}';

/** Where programs send requests with a personal API key: the team server's own gateway routes. */
function Endpoints() {
  const origin = window.location.origin;
  return (
    <dl className="facts endpoints">
      <dt>OpenAI-compatible base URL</dt>
      <dd>
        <code>{`${origin}/v1`}</code>
      </dd>
      <dt>Anthropic-compatible base URL</dt>
      <dd>
        <code>{origin}</code> <span className="muted">(requests go to /v1/messages)</span>
      </dd>
    </dl>
  );
}

/** A key just created: shown this once, with Copy and where to use it; gone from the page on Done. */
function NewKey({ name, secret, onDone }: { name: string; secret: string; onDone: () => void }) {
  const id = useId();
  const [copied, setCopied] = useState<string>();
  const [copyError, setCopyError] = useState<string>();
  const inputRef = useRef<HTMLInputElement>(null);
  useLayoutEffect(() => inputRef.current?.focus(), []);

  async function copy() {
    setCopyError(undefined);
    try {
      await navigator.clipboard.writeText(secret);
      setCopied('Copied to the clipboard.');
    } catch {
      // No clipboard (an insecure origin, a denied permission): leave the key selected to copy by hand.
      inputRef.current?.select();
      setCopyError('The browser did not let this page copy. The key is selected: copy it with your keyboard.');
    }
  }

  return (
    <div className="new-key" role="group" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Your new key “{name}”</h3>
      <p>Copy it now: it is not shown again. Anyone who has it can use models as you.</p>
      <div className="copy-row">
        <label htmlFor={`${id}-key`} className="visually-hidden">
          New API key
        </label>
        <input
          ref={inputRef}
          id={`${id}-key`}
          className="mono"
          type="text"
          readOnly
          value={secret}
          autoComplete="off"
          spellCheck={false}
          onFocus={(event) => event.target.select()}
        />
        <button type="button" className="primary" onClick={() => void copy()}>
          Copy
        </button>
      </div>
      <ErrorMessage message={copyError} />
      <StatusMessage message={copied} />
      <Endpoints />
      <button type="button" onClick={onDone}>
        Done
      </button>
    </div>
  );
}

/**
 * The member's personal API keys (`/api/me/api-keys`), for programs and coding agents on the
 * team's OpenAI- and Anthropic-compatible endpoints: create one with a name (its secret shown
 * once), list them with when they were last used, revoke one.
 */
export function ApiKeysSection() {
  const id = useId();
  const keys = useResource<{ apiKeys: ApiKeySummary[] }>('/api/me/api-keys');
  const [name, setName] = useState('');
  const [created, setCreated] = useState<{ name: string; secret: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const nameRef = useRef<HTMLInputElement>(null);

  async function run(action: () => Promise<string | undefined>) {
    setBusy(true);
    setError(undefined);
    setNotice(undefined);
    try {
      const done = await action();
      await keys.reload();
      setNotice(done);
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  }

  function create(event: FormEvent) {
    event.preventDefault();
    void run(async () => {
      const answer = await api<{ key: string; apiKey: ApiKeySummary }>('/api/me/api-keys', {
        method: 'POST',
        body: { name: name.trim() },
      });
      setCreated({ name: answer.apiKey.name, secret: answer.key });
      setName('');
      return undefined;
    });
  }

  const all = keys.data?.apiKeys;
  const live = all?.filter((key) => !key.revoked) ?? [];
  const revoked = all?.filter((key) => key.revoked) ?? [];
  return (
    <section aria-labelledby="api-keys-title" className="panel">
      <h2 id="api-keys-title">API keys</h2>
      <p className="muted">
        Programs and coding agents use these keys to reach the models through this team server, as you, with your keys
        and the workspace&rsquo;s policy.
      </p>
      <ErrorMessage message={keys.error ?? error} />
      {created && (
        <NewKey
          name={created.name}
          secret={created.secret}
          onDone={() => {
            setCreated(undefined);
            nameRef.current?.focus();
          }}
        />
      )}
      {all === undefined ? (
        !keys.error && <p className="muted">Loading…</p>
      ) : live.length === 0 ? (
        <p className="muted">You have no API key.</p>
      ) : (
        <ul className="item-list" aria-label="Your API keys">
          {live.map((key) => (
            <li key={key.id} className="item" data-api-key-id={key.id}>
              <span className="item-text">
                <strong>{key.name}</strong>
                <span className="muted">
                  <span className="mono">{key.hint}</span> · created <When at={key.createdAt} /> ·{' '}
                  {key.lastUsedAt ? (
                    <>
                      last used <When at={key.lastUsedAt} />
                    </>
                  ) : (
                    'never used'
                  )}
                </span>
              </span>
              <ConfirmButton
                label="Revoke"
                accessibleLabel={`Revoke the API key ${key.name}`}
                question={`Revoke “${key.name}”? Programs using it are refused at once.`}
                confirmLabel="Revoke key"
                disabled={busy}
                onConfirm={() =>
                  run(async () => {
                    await api(`/api/me/api-keys/${encodeURIComponent(key.id)}`, { method: 'DELETE' });
                    return `Revoked “${key.name}”.`;
                  })
                }
              />
            </li>
          ))}
        </ul>
      )}
      {revoked.length > 0 && (
        <details className="revoked">
          <summary>Revoked keys ({revoked.length})</summary>
          <ul>
            {revoked.map((key) => (
              <li key={key.id}>
                {key.name} <span className="mono muted">{key.hint}</span>
              </li>
            ))}
          </ul>
        </details>
      )}
      <StatusMessage message={notice} />
      <form className="settings-inline" onSubmit={create}>
        <label htmlFor={`${id}-name`}>Key name</label>
        <input
          ref={nameRef}
          id={`${id}-name`}
          type="text"
          required
          maxLength={100}
          pattern={NAME_PATTERN}
          title='Letters, digits, spaces, ".", "_" or "-".'
          autoComplete="off"
          placeholder="laptop agent"
          value={name}
          onChange={(event) => setName(event.target.value)}
        />
        <button type="submit" className="primary" disabled={busy}>
          Create key
        </button>
      </form>
      {!created && <Endpoints />}
    </section>
  );
}
