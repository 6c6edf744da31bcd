import { useEffect, useState, type FormEvent } from 'react';
import { api, messageOf } from '../api.js';
import { ErrorMessage } from '../layout.js';
import { useResource } from '../use-resource.js';
import { StatusMessage } from './status-message.js';

/** One provider of `GET /api/providers`, as this section shows it. */
interface ProviderStanding {
  readonly id: string;
  readonly name: string;
  readonly status: 'ready' | 'needs-key' | 'denied-by-admin' | 'provider-down';
}

const STATUS_WORDS: Record<ProviderStanding['status'], string> = {
  ready: 'ready',
  'needs-key': 'needs a key',
  'denied-by-admin': 'denied by the admin',
  'provider-down': 'down for now',
};

/** "ChatGPT, Claude and Gemini". */
function listInWords(names: readonly string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/**
 * Which providers' models the chat's model selector lists: one checkbox per provider, kept in the
 * member's preferences on the server (`providers`; an empty list means every provider, so a
 * provider the team adds later shows up without a visit here), with whether each is ready.
 * `keysVersion` changes when the member's own keys do.
 */
export function ProvidersSection({ keysVersion = 0 }: { keysVersion?: number }) {
  const providers = useResource<{ providers: ProviderStanding[] }>('/api/providers');
  // A key added or removed in another section changes whether a provider is ready: look again,
  // keeping the boxes as they are.
  const reloadProviders = providers.reload;
  useEffect(() => {
    if (keysVersion > 0) void reloadProviders();
  }, [keysVersion, reloadProviders]);
  const preferences = useResource<{ preferences: { providers: string[] } }>('/api/me/preferences');
  const [chosen, setChosen] = useState<ReadonlySet<string>>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<string>();

  const listed = providers.data?.providers;
  const saved = preferences.data?.preferences.providers;
  // The boxes start as the server has them; an empty list there is every box ticked.
  useEffect(() => {
    if (listed && saved && chosen === undefined)
      setChosen(new Set(saved.length === 0 ? listed.map((provider) => provider.id) : saved));
  }, [listed, saved, chosen]);

  function toggle(id: string, on: boolean) {
    setNotice(undefined);
    setChosen((current) => {
      const next = new Set(current);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    if (!listed || !chosen) return;
    setError(undefined);
    setNotice(undefined);
    const ids = listed.map((provider) => provider.id).filter((id) => chosen.has(id));
    if (ids.length === 0) {
      setError('Choose at least one provider: the chat would have no model to offer.');
      return;
    }
    setBusy(true);
    try {
      const every = ids.length === listed.length;
      await api('/api/me/preferences', { method: 'PATCH', body: { providers: every ? [] : ids } });
      const names = listed.filter((provider) => chosen.has(provider.id)).map((provider) => provider.name);
      setNotice(
        every
          ? 'Saved. The chat lists the models of every provider.'
          : `Saved. The chat lists the models of ${listInWords(names)}.`,
      );
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  }

  const loadError = providers.error ?? preferences.error;
  return (
    <section aria-labelledby="providers-title" className="panel">
      <h2 id="providers-title">Providers in the chat</h2>
      <p className="muted">
        The chat&rsquo;s model list shows the models these providers serve. The model you use now stays listed.
      </p>
      <ErrorMessage message={loadError ?? error} />
      {!listed || !chosen ? (
        !loadError && <p className="muted">Loading…</p>
      ) : listed.length === 0 ? (
        <p className="muted">This team server knows no provider.</p>
      ) : (
        <form onSubmit={(event) => void save(event)}>
          <fieldset className="provider-choices">
            <legend className="visually-hidden">Providers whose models the chat lists</legend>
            {listed.map((provider) => (
              <label key={provider.id} className="provider-choice">
                <input
                  type="checkbox"
                  name="providers"
                  value={provider.id}
                  checked={chosen.has(provider.id)}
                  onChange={(event) => toggle(provider.id, event.target.checked)}
                />
                <span>
                  {provider.name}{' '}
                  <span className={`provider-status ${provider.status}`}>{STATUS_WORDS[provider.status]}</span>
                </span>
              </label>
            ))}
          </fieldset>
          <div className="settings-actions">
            <button type="submit" className="primary" disabled={busy}>
              {busy ? 'Saving…' : 'Save providers'}
            </button>
            <button
              type="button"
              disabled={busy}
              onClick={() => {
                setNotice(undefined);
                setChosen(new Set(listed.map((provider) => provider.id)));
              }}
            >
              Select all
            </button>
          </div>
        </form>
      )}
      <StatusMessage message={notice} />
    </section>
  );
}
