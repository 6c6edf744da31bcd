import { useState } from 'react';
import { api, messageOf } from '../api.js';
import { providerName } from '../catalog.js';
import { ErrorMessage } from '../layout.js';
import { useResource } from '../use-resource.js';
import { ConfirmButton } from './confirm-button.js';
import { CredentialForm, methodInWords, type CredentialProvider, type CredentialSummary } from './credential-form.js';
import { StatusMessage } from './status-message.js';
import { When } from './when.js';

/**
 * Provider credentials kept at one level of the team server — a member's own
 * (`/api/me/credentials`) or the workspace's (`/api/admin/credentials`), the same API under two
 * bases: what is stored (provider, method, last four, when), the form that adds one, and removal
 * after a confirmation.
 */
export function CredentialsManager({
  apiBase,
  whose,
  emptyText,
  removeQuestion,
  onChange,
}: {
  /** `/api/me/credentials` or `/api/admin/credentials`. */
  apiBase: string;
  /** "your" or "the workspace's", in sentences and labels. */
  whose: string;
  /** What an empty list means at this level. */
  emptyText: string;
  /** What removing a provider's credential does at this level, as a question. */
  removeQuestion: (providerName: string) => string;
  /** Called after a credential is saved or removed (other sections show what it changes). */
  onChange?: () => void;
}) {
  const stored = useResource<{ credentials: CredentialSummary[] }>(apiBase);
  const providers = useResource<{ providers: CredentialProvider[] }>('/api/providers');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<string>();

  const known = providers.data?.providers ?? [];
  // In the registry's order, the one the form's provider list has too.
  const rank = (id: string) => {
    const index = known.findIndex((provider) => provider.id === id);
    return index === -1 ? known.length : index;
  };
  const credentials = stored.data?.credentials.toSorted((a, b) => rank(a.provider) - rank(b.provider));
  const nameOf = (id: string) => providerName(known, id);

  async function remove(credential: CredentialSummary) {
    setBusy(true);
    setError(undefined);
    setNotice(undefined);
    try {
      await api(`${apiBase}/${encodeURIComponent(credential.provider)}`, { method: 'DELETE' });
      await stored.reload();
      setNotice(`Removed ${whose} ${nameOf(credential.provider)} key.`);
      onChange?.();
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  }

  const loadError = stored.error ?? providers.error;
  return (
    <div className="credentials">
      <ErrorMessage message={loadError ?? error} />
      {credentials === undefined ? (
        !loadError && <p className="muted">Loading…</p>
      ) : credentials.length === 0 ? (
        <p className="muted">{emptyText}</p>
      ) : (
        <ul className="item-list" aria-label={`Keys (${whose})`}>
          {credentials.map((credential) => (
            <li key={credential.provider} className="item" data-provider={credential.provider}>
              <span className="item-text">
                <strong>{nameOf(credential.provider)}</strong>
                <span className="muted">
                  {methodInWords(credential.method)} · <span className="mono">{credential.hint}</span> · added{' '}
                  <When at={credential.updatedAt} />
                </span>
              </span>
              <ConfirmButton
                label="Remove"
                accessibleLabel={`Remove ${whose} ${nameOf(credential.provider)} key`}
                question={removeQuestion(nameOf(credential.provider))}
                confirmLabel="Remove key"
                disabled={busy}
                onConfirm={() => remove(credential)}
              />
            </li>
          ))}
        </ul>
      )}
      <StatusMessage message={notice} />
      {credentials !== undefined && known.length > 0 && (
        <CredentialForm
          apiBase={apiBase}
          providers={known}
          stored={credentials}
          whose={whose}
          onSaved={(saved, provider) => {
            setError(undefined);
            setNotice(`Saved ${whose} ${provider.name} key (${saved.hint}).`);
            void stored.reload();
            onChange?.();
          }}
        />
      )}
    </div>
  );
}
