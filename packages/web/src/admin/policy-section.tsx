import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { api, ApiError, messageOf } from '../api.js';
import type { Catalog, ProviderSummary } from '../catalog.js';
import { ErrorMessage } from '../layout.js';
import { navigate } from '../navigation.js';
import { ContextDefaultsEditor } from './context-defaults-editor.js';
import { ProviderAccessEditor } from './provider-access-editor.js';
import type { TeamPolicy } from './team-policy.js';

/** Whether members may name the credential of a request (the server's `allowCredentialReferences`). */
function CredentialReferences({
  policy,
  disabled,
  onChange,
}: {
  policy: TeamPolicy;
  disabled: boolean;
  onChange: (policy: TeamPolicy) => void;
}) {
  const id = useId();
  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Credentials</h2>
      <label className="check">
        <input
          type="checkbox"
          checked={policy.allowCredentialReferences ?? false}
          disabled={disabled}
          aria-describedby={`${id}-what`}
          onChange={(event) => onChange({ ...policy, allowCredentialReferences: event.target.checked })}
        />
        Members may choose which key serves a request
      </label>
      <p id={`${id}-what`} className="muted context-what">
        A request may then name its credential — the member’s own key or the workspace’s — and only that one serves it.
        Otherwise the member’s own key is tried first, then the workspace’s.
      </p>
    </section>
  );
}

interface Loaded {
  readonly policy: TeamPolicy;
  readonly catalog: Catalog;
  readonly providers: readonly ProviderSummary[];
}

/**
 * The admin's "Models and providers": which providers the workspace may use and each context's
 * default model and lock, edited as a draft and saved whole (`PUT /api/admin/policy` replaces
 * the policy). The server reads the policy on every request, so a save applies to members at
 * once; its refusals are shown as it words them.
 */
export function PolicySection() {
  const [loaded, setLoaded] = useState<Loaded>();
  const [draft, setDraft] = useState<TeamPolicy>();
  const [error, setError] = useState<string>();
  const [saved, setSaved] = useState<string>();
  const [busy, setBusy] = useState(false);
  const errorRef = useRef<HTMLDivElement>(null);

  const load = useCallback(async () => {
    const [{ policy }, catalog, { providers }] = await Promise.all([
      api<{ policy: TeamPolicy }>('/api/policy'),
      api<Catalog>('/api/catalog'),
      api<{ providers: ProviderSummary[] }>('/api/providers'),
    ]);
    setLoaded({ policy, catalog, providers });
    setDraft(policy);
  }, []);

  useEffect(() => {
    load().catch((failure: unknown) => {
      if (failure instanceof ApiError && failure.status === 401) navigate('/sign-in', { replace: true });
      else setError(messageOf(failure));
    });
  }, [load]);

  function edit(next: TeamPolicy) {
    setDraft(next);
    setSaved(undefined);
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    if (!draft) return;
    setBusy(true);
    setError(undefined);
    setSaved(undefined);
    try {
      const { policy } = await api<{ policy: TeamPolicy }>('/api/admin/policy', { method: 'PUT', body: draft });
      setLoaded((current) => current && { ...current, policy });
      setDraft(policy);
      setSaved('Saved. Members get the new policy with their next request; nothing needs a restart.');
    } catch (failure) {
      setError(messageOf(failure));
      // The save button is at the end of a long form: bring the refusal into view.
      errorRef.current?.scrollIntoView({ block: 'nearest' });
    } finally {
      setBusy(false);
    }
  }

  const changed = loaded !== undefined && JSON.stringify(draft) !== JSON.stringify(loaded.policy);
  return (
    <form className="policy-form" onSubmit={(event) => void save(event)} aria-label="Models and providers">
      <div ref={errorRef}>
        <ErrorMessage message={error} />
      </div>
      {!loaded || !draft ? (
        !error && (
          <p className="muted" aria-live="polite">
            Loading the policy…
          </p>
        )
      ) : (
        <>
          <ProviderAccessEditor policy={draft} providers={loaded.providers} disabled={busy} onChange={edit} />
          <ContextDefaultsEditor
            policy={draft}
            models={loaded.catalog.models}
            providers={loaded.providers}
            disabled={busy}
            onChange={edit}
          />
          <CredentialReferences policy={draft} disabled={busy} onChange={edit} />
          <div className="policy-actions">
            <button type="submit" className="primary" disabled={busy}>
              {busy ? 'Saving…' : 'Save policy'}
            </button>
            <button type="button" disabled={busy || !changed} onClick={() => edit(loaded.policy)}>
              Discard changes
            </button>
            {changed && <span className="muted">Unsaved changes.</span>}
          </div>
          <div role="status" className="policy-saved">
            {saved && <p className="notice">{saved}</p>}
          </div>
        </>
      )}
    </form>
  );
}
