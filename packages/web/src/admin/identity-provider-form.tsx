import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { api, messageOf } from '../api.js';
import { ErrorMessage } from '../layout.js';

/** Which kind of identity provider (`preset` in the team server's API). */
export type IdentityProviderPreset = 'oidc' | 'google' | 'chatgpt';

/** An identity provider as `GET /api/admin/identity-providers` lists it: never the secret, only `…last4`. */
export interface IdentityProvider {
  readonly id: string;
  readonly name: string;
  readonly preset: IdentityProviderPreset;
  readonly issuer: string;
  readonly clientId: string;
  readonly secretHint: string | null;
  readonly scopes: readonly string[];
  readonly allowSignUp: boolean;
  readonly linkByVerifiedEmail: boolean;
  readonly enabled: boolean;
  readonly updatedAt: string;
}

/**
 * The presets as the team server defines them (packages/team identity-provider-presets.ts): a
 * preset's issuer is fixed there and sent by the server, so the form asks for it only for
 * generic OpenID Connect. Repeated here because the web app imports no server code.
 */
export const PRESETS: Readonly<
  Record<IdentityProviderPreset, { label: string; name: string; issuer?: string; hint: ReactNode }>
> = {
  oidc: {
    label: 'OpenID Connect (any issuer)',
    name: 'OpenID Connect',
    hint: 'Okta, Microsoft Entra ID, Keycloak, Authentik… anything with OpenID discovery at its issuer URL.',
  },
  google: {
    label: 'Google',
    name: 'Google',
    issuer: 'https://accounts.google.com',
    hint: 'An OAuth client of type “Web application” in the Google Cloud console.',
  },
  chatgpt: {
    label: 'ChatGPT',
    name: 'ChatGPT',
    issuer: 'https://auth.openai.com',
    hint: '“Sign in with ChatGPT” from OpenAI’s partner programme: OpenAI issues the client id and secret.',
  },
};

const DEFAULT_SCOPES = 'openid email profile';

/**
 * Adds an identity provider (`existing` undefined) or changes one. The client secret is a
 * password field, empty on a change: left empty, the stored secret stays; the server checks the
 * issuer by OpenID discovery before saving and answers why when it cannot.
 */
export function IdentityProviderForm({
  existing,
  onSaved,
  onCancel,
}: {
  existing?: IdentityProvider;
  onSaved: (saved: IdentityProvider, added: boolean) => Promise<void>;
  onCancel: () => void;
}) {
  const ids = { id: useId(), name: useId(), issuer: useId(), client: useId(), secret: useId(), scopes: useId() };
  const heading = useRef<HTMLHeadingElement>(null);
  const [preset, setPreset] = useState<IdentityProviderPreset>(existing?.preset ?? 'oidc');
  const [id, setId] = useState(existing?.id ?? '');
  const [name, setName] = useState(existing?.name ?? '');
  const [issuer, setIssuer] = useState(existing?.preset === 'oidc' ? existing.issuer : '');
  const [clientId, setClientId] = useState(existing?.clientId ?? '');
  const [secret, setSecret] = useState('');
  const [publicClient, setPublicClient] = useState(existing ? existing.secretHint === null : false);
  const [scopes, setScopes] = useState(existing?.scopes.join(' ') ?? DEFAULT_SCOPES);
  const [allowSignUp, setAllowSignUp] = useState(existing?.allowSignUp ?? false);
  const [linkByEmail, setLinkByEmail] = useState(existing?.linkByVerifiedEmail ?? false);
  const [enabled, setEnabled] = useState(existing?.enabled ?? true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  // The form appears after a click elsewhere: take the keyboard user to it.
  useEffect(() => heading.current?.focus(), []);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!publicClient && !secret && !existing?.secretHint) {
      setError('Enter the client secret, or tick “Public client” if the provider gave none.');
      return;
    }
    setBusy(true);
    setError(undefined);
    const body = {
      ...(existing ? {} : { id: id.trim(), preset }),
      name: name.trim() || PRESETS[preset].name,
      ...(PRESETS[preset].issuer ? {} : { issuer: issuer.trim() }),
      clientId: clientId.trim(),
      // Nothing typed on a change keeps the stored secret; a public client has none at all.
      ...(publicClient ? { clientSecret: null } : secret ? { clientSecret: secret } : {}),
      scopes: scopes.split(/[\s,]+/).filter(Boolean),
      allowSignUp,
      linkByVerifiedEmail: linkByEmail,
      enabled,
    };
    try {
      const answer = existing
        ? await api<{ identityProvider: IdentityProvider }>(
            `/api/admin/identity-providers/${encodeURIComponent(existing.id)}`,
            { method: 'PATCH', body },
          )
        : await api<{ identityProvider: IdentityProvider }>('/api/admin/identity-providers', { method: 'POST', body });
      setSecret('');
      await onSaved(answer.identityProvider, !existing);
    } catch (failure) {
      setError(messageOf(failure));
      setBusy(false);
    }
  }

  const fixedIssuer = PRESETS[preset].issuer;
  return (
    <form className="provider-form" onSubmit={(event) => void submit(event)} aria-labelledby="provider-form-title">
      <h2 id="provider-form-title" tabIndex={-1} ref={heading}>
        {existing ? `Edit ${existing.name}` : 'Add an identity provider'}
      </h2>
      {existing ? (
        <p className="muted">
          {PRESETS[existing.preset].label} · identifier <code>{existing.id}</code>
        </p>
      ) : (
        <fieldset>
          <legend>Kind</legend>
          {(Object.keys(PRESETS) as IdentityProviderPreset[]).map((key) => (
            <label key={key} className="choice">
              <input type="radio" name="preset" value={key} checked={preset === key} onChange={() => setPreset(key)} />
              {PRESETS[key].label}
            </label>
          ))}
          <p className="muted">{PRESETS[preset].hint}</p>
        </fieldset>
      )}
      {!existing && (
        <div className="field">
          <label htmlFor={ids.id}>Identifier</label>
          <input
            id={ids.id}
            required
            pattern="[a-z0-9][a-z0-9\-]{0,59}"
            aria-describedby={`${ids.id}-hint`}
            value={id}
            onChange={(event) => setId(event.target.value)}
          />
          <span id={`${ids.id}-hint`} className="muted">
            Lowercase letters, digits and dashes, e.g. <code>okta</code>. It cannot be changed later.
          </span>
        </div>
      )}
      <div className="field">
        <label htmlFor={ids.name}>Name on the sign-in button</label>
        <input
          id={ids.name}
          placeholder={PRESETS[preset].name}
          value={name}
          onChange={(event) => setName(event.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={ids.issuer}>Issuer URL</label>
        {fixedIssuer ? (
          <input id={ids.issuer} readOnly value={fixedIssuer} />
        ) : (
          <input
            id={ids.issuer}
            type="url"
            required
            placeholder="https://login.example.com"
            value={issuer}
            onChange={(event) => setIssuer(event.target.value)}
          />
        )}
      </div>
      <div className="field">
        <label htmlFor={ids.client}>Client ID</label>
        <input
          id={ids.client}
          required
          autoComplete="off"
          value={clientId}
          onChange={(event) => setClientId(event.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={ids.secret}>Client secret</label>
        <input
          id={ids.secret}
          type="password"
          autoComplete="new-password"
          disabled={publicClient}
          aria-describedby={`${ids.secret}-hint`}
          value={secret}
          onChange={(event) => setSecret(event.target.value)}
        />
        <span id={`${ids.secret}-hint`} className="muted">
          {existing?.secretHint
            ? `Stored, ending ${existing.secretHint}. Leave empty to keep it.`
            : 'Stored encrypted; never shown again.'}
        </span>
      </div>
      <label className="choice">
        <input type="checkbox" checked={publicClient} onChange={(event) => setPublicClient(event.target.checked)} />
        Public client (no secret, PKCE only)
      </label>
      <div className="field">
        <label htmlFor={ids.scopes}>Scopes</label>
        <input
          id={ids.scopes}
          required
          aria-describedby={`${ids.scopes}-hint`}
          value={scopes}
          onChange={(event) => setScopes(event.target.value)}
        />
        <span id={`${ids.scopes}-hint`} className="muted">
          Separated by spaces; must include <code>openid</code>.
        </span>
      </div>
      <label className="choice">
        <input type="checkbox" checked={allowSignUp} onChange={(event) => setAllowSignUp(event.target.checked)} />
        Anyone who signs in here may join as a member (otherwise only invited members)
      </label>
      <label className="choice">
        <input type="checkbox" checked={linkByEmail} onChange={(event) => setLinkByEmail(event.target.checked)} />
        Link to the member with the same email when both sides verified it
      </label>
      <label className="choice">
        <input type="checkbox" checked={enabled} onChange={(event) => setEnabled(event.target.checked)} />
        Enabled: shown on the sign-in page
      </label>
      <ErrorMessage message={error} />
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Checking the issuer…' : existing ? 'Save changes' : 'Add identity provider'}
        </button>
        <button type="button" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      </div>
    </form>
  );
}
