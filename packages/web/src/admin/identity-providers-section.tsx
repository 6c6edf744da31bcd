import { useId, useState } from 'react';
import { api, messageOf } from '../api.js';
import { ErrorMessage } from '../layout.js';
import { useResource } from '../use-resource.js';
import { useConfirm } from './confirm-dialog.js';
import { CopyButton } from './copy-button.js';
import { IdentityProviderForm, PRESETS, type IdentityProvider } from './identity-provider-form.js';

/**
 * The redirect URI every provider must know: `<public url>/api/auth/sso/callback`, one for all
 * providers (docs/team-sign-in.md; the SSO plugin's `/sso/callback` under better-auth's
 * `/api/auth`). The page's own origin is the public URL: the server refuses API calls from any
 * other origin, and passkeys are bound to it.
 */
function redirectUri(): string {
  return `${window.location.origin}/api/auth/sso/callback`;
}

/**
 * Admin section "Identity providers": the OpenID Connect providers members sign in with — the
 * redirect URI to register at them, the list, adding one from a preset (generic OpenID Connect,
 * Google, ChatGPT), changing, enabling or disabling, and deleting one.
 */
export function IdentityProvidersSection() {
  const providers = useResource<{ identityProviders: IdentityProvider[] }>('/api/admin/identity-providers');
  const { confirm, dialog } = useConfirm();
  const redirectId = useId();
  // undefined: no form open; 'new': adding one; otherwise the provider being edited.
  const [editing, setEditing] = useState<'new' | IdentityProvider>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<string>();

  async function act(question: Parameters<typeof confirm>[0] | undefined, run: () => Promise<string>) {
    if (question && !(await confirm(question))) return;
    setBusy(true);
    setError(undefined);
    setNotice(undefined);
    try {
      setNotice(await run());
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
      await providers.reload();
    }
  }

  const setEnabled = (provider: IdentityProvider, enabled: boolean) =>
    act(
      enabled
        ? undefined
        : {
            title: `Disable ${provider.name}?`,
            message:
              'Its button leaves the sign-in page and nobody can sign in with it until it is enabled again. Members who have no passkey are locked out meanwhile.',
            confirmLabel: 'Disable',
            destructive: true,
          },
      async () => {
        await api(`/api/admin/identity-providers/${encodeURIComponent(provider.id)}`, {
          method: 'PATCH',
          body: { enabled },
        });
        return `${provider.name} is ${enabled ? 'enabled' : 'disabled'}.`;
      },
    );

  const remove = (provider: IdentityProvider) =>
    act(
      {
        title: `Delete ${provider.name}?`,
        message:
          'Its settings and client secret are deleted and nobody can sign in with it any more. Members who have no passkey will need a new enrollment link.',
        confirmLabel: 'Delete',
        destructive: true,
      },
      async () => {
        await api(`/api/admin/identity-providers/${encodeURIComponent(provider.id)}`, { method: 'DELETE' });
        if (editing !== 'new' && editing?.id === provider.id) setEditing(undefined);
        return `${provider.name} is deleted.`;
      },
    );

  const list = providers.data?.identityProviders;
  return (
    <>
      <section aria-labelledby="redirect-title" className="panel">
        <h2 id="redirect-title">Redirect URI</h2>
        <p className="muted">
          Register this redirect (callback) URI with every identity provider, as a web application client.
        </p>
        <div className="link-box">
          <label htmlFor={redirectId} className="visually-hidden">
            Redirect URI
          </label>
          <div className="link-row">
            <input id={redirectId} readOnly value={redirectUri()} onFocus={(event) => event.currentTarget.select()} />
            <CopyButton text={redirectUri()} label="Copy the redirect URI" />
          </div>
        </div>
      </section>
      <section aria-labelledby="providers-title" className="panel">
        <h2 id="providers-title">Identity providers</h2>
        <ErrorMessage message={error ?? providers.error} />
        {notice && (
          <p className="notice" role="status">
            {notice}
          </p>
        )}
        {list === undefined ? (
          !providers.error && <p className="muted">Loading identity providers…</p>
        ) : list.length === 0 ? (
          <p className="muted">No identity provider yet: members sign in with passkeys only.</p>
        ) : (
          <table className="admin-table">
            <caption className="visually-hidden">Identity providers</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Issuer</th>
                <th scope="col">Client</th>
                <th scope="col">Who may sign in</th>
                <th scope="col">Status</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {list.map((provider) => (
                <tr key={provider.id} data-testid="provider-row">
                  <th scope="row" data-label="Name">
                    {provider.name}
                    <span className="cell-detail muted">
                      {PRESETS[provider.preset].name} · <code>{provider.id}</code>
                    </span>
                  </th>
                  <td data-label="Issuer" className="wrap-anywhere">
                    {provider.issuer}
                  </td>
                  <td data-label="Client" className="wrap-anywhere">
                    <code>{provider.clientId}</code>
                    <span className="cell-detail muted">
                      {provider.secretHint ? `secret ${provider.secretHint}` : 'public client'}
                    </span>
                  </td>
                  <td data-label="Who may sign in">
                    {provider.allowSignUp ? 'Anyone (new members join)' : 'Members only'}
                    {provider.linkByVerifiedEmail && <span className="cell-detail muted">links by verified email</span>}
                  </td>
                  <td data-label="Status">
                    <span className={provider.enabled ? 'badge' : 'badge off'}>
                      {provider.enabled ? 'Enabled' : 'Disabled'}
                    </span>
                  </td>
                  <td data-label="Actions">
                    <div className="row-actions">
                      <button
                        type="button"
                        disabled={busy}
                        aria-label={`Edit ${provider.name}`}
                        onClick={() => setEditing(provider)}
                      >
                        Edit
                      </button>
                      <button
                        type="button"
                        disabled={busy}
                        aria-label={`${provider.enabled ? 'Disable' : 'Enable'} ${provider.name}`}
                        onClick={() => void setEnabled(provider, !provider.enabled)}
                      >
                        {provider.enabled ? 'Disable' : 'Enable'}
                      </button>
                      <button
                        type="button"
                        disabled={busy}
                        aria-label={`Delete ${provider.name}`}
                        onClick={() => void remove(provider)}
                      >
                        Delete
                      </button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {editing === undefined && (
          <p>
            <button type="button" className="primary" onClick={() => setEditing('new')}>
              Add an identity provider
            </button>
          </p>
        )}
      </section>
      {editing !== undefined && (
        <section className="panel" aria-label={editing === 'new' ? 'Add an identity provider' : `Edit ${editing.name}`}>
          <IdentityProviderForm
            key={editing === 'new' ? 'new' : editing.id}
            {...(editing === 'new' ? {} : { existing: editing })}
            onCancel={() => setEditing(undefined)}
            onSaved={async (saved, added) => {
              setEditing(undefined);
              setError(undefined);
              setNotice(
                !added
                  ? `${saved.name} is saved.`
                  : saved.enabled
                    ? `${saved.name} is added: its button is on the sign-in page.`
                    : `${saved.name} is added, disabled: its button is not on the sign-in page yet.`,
              );
              await providers.reload();
            }}
          />
        </section>
      )}
      {dialog}
    </>
  );
}
