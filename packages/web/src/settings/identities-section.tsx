import { useCallback, useEffect, useState } from 'react';
import { api, ApiError, messageOf } from '../api.js';
import { ErrorMessage } from '../layout.js';
import { navigate } from '../navigation.js';

interface Identity {
  readonly id: string;
  readonly providerId: string;
  readonly email: string | null;
  readonly createdAt: string;
}

interface IdentityProvider {
  readonly id: string;
  readonly name: string;
}

/** What `?sso=` says after a link attempt came back from the identity provider. */
function outcomeOfLink(): { notice?: string; error?: string } {
  const outcome = new URLSearchParams(window.location.search).get('sso');
  if (outcome === 'linked') return { notice: 'The identity is linked: you can sign in with it now.' };
  if (outcome === 'failed')
    return { error: 'That identity could not be linked (it may belong to another member). Nothing changed.' };
  return {};
}

/**
 * The member's linked identities — link one through an identity provider (it comes back to
 * `/settings`), unlink one; the server keeps the last way to sign in and says so.
 */
export function IdentitiesSection() {
  const [identities, setIdentities] = useState<readonly Identity[]>();
  const [providers, setProviders] = useState<readonly IdentityProvider[]>([]);
  const [{ notice, error: linkError }] = useState(outcomeOfLink);
  const [error, setError] = useState<string | undefined>(linkError);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    const [mine, options] = await Promise.all([
      api<{ identities: Identity[] }>('/api/me/identities'),
      api<{ identityProviders: IdentityProvider[] }>('/api/sign-in/options'),
    ]);
    setIdentities(mine.identities);
    setProviders(options.identityProviders);
  }, []);

  useEffect(() => {
    load().catch((failure: unknown) => {
      if (failure instanceof ApiError && failure.status === 401) navigate('/sign-in', { replace: true });
      else setError(messageOf(failure));
    });
  }, [load]);

  async function link(providerId: string) {
    setBusy(true);
    setError(undefined);
    try {
      const { url } = await api<{ url: string }>('/api/auth/sso/start', {
        method: 'POST',
        body: { providerId, mode: 'link', returnTo: '/settings' },
      });
      window.location.assign(url);
    } catch (failure) {
      setError(messageOf(failure));
      setBusy(false);
    }
  }

  async function unlink(identity: Identity) {
    setBusy(true);
    setError(undefined);
    try {
      await api(`/api/me/identities/${encodeURIComponent(identity.id)}`, { method: 'DELETE' });
      await load();
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  }

  const nameOf = (providerId: string) => providers.find((provider) => provider.id === providerId)?.name ?? providerId;
  return (
    <section aria-labelledby="identities-title" className="panel">
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      <ErrorMessage message={error} />
      <h2 id="identities-title">Linked identities</h2>
      {identities === undefined ? (
        <p className="muted">Loading…</p>
      ) : identities.length === 0 ? (
        <p className="muted">No identity is linked yet.</p>
      ) : (
        <ul className="identities">
          {identities.map((identity) => (
            <li key={identity.id}>
              <span>
                {nameOf(identity.providerId)}
                {identity.email ? ` · ${identity.email}` : ''}
              </span>{' '}
              <button
                type="button"
                disabled={busy}
                onClick={() => void unlink(identity)}
                aria-label={`Unlink ${nameOf(identity.providerId)}${identity.email ? ` (${identity.email})` : ''}`}
              >
                Unlink
              </button>
            </li>
          ))}
        </ul>
      )}
      {providers.length > 0 && (
        <p>
          {providers.map((provider) => (
            <button key={provider.id} type="button" disabled={busy} onClick={() => void link(provider.id)}>
              Link {provider.name}
            </button>
          ))}
        </p>
      )}
    </section>
  );
}
