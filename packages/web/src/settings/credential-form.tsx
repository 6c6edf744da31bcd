import { useId, useRef, useState, type ChangeEvent, type FormEvent } from 'react';
import { api, messageOf } from '../api.js';
import { ErrorMessage } from '../layout.js';

/** The ways the team server keeps a provider credential (`teamSecretMethodsOf` on the server). */
export type CredentialMethod = 'api-key' | 'aws' | 'service-account' | 'client-credentials';

/** A provider of `GET /api/providers` as the credential forms need it. */
export interface CredentialProvider {
  readonly id: string;
  readonly name: string;
  readonly methods: readonly CredentialMethod[];
}

/** A stored credential as the server lists it: never the secret, only its hint. */
export interface CredentialSummary {
  readonly provider: string;
  readonly method: string;
  readonly hint: string;
  readonly updatedAt: string;
}

interface FieldSpec {
  readonly name: string;
  readonly label: string;
  /** Never shown, never kept by the browser, cleared once sent. */
  readonly secret?: boolean;
  readonly required?: boolean;
  readonly multiline?: boolean;
  readonly placeholder?: string;
}

/** Each method's fields, named as the server's body (`parseTeamSecret`) names them. */
const FIELDS: Record<CredentialMethod, readonly FieldSpec[]> = {
  'api-key': [{ name: 'apiKey', label: 'API key', secret: true, required: true }],
  aws: [
    { name: 'accessKeyId', label: 'Access key ID', required: true, placeholder: 'AKIA…' },
    { name: 'secretAccessKey', label: 'Secret access key', secret: true, required: true },
    { name: 'sessionToken', label: 'Session token (optional)', secret: true },
    { name: 'region', label: 'Region (optional)', placeholder: 'us-east-1' },
  ],
  'service-account': [
    { name: 'serviceAccountKey', label: 'Service-account key (JSON)', secret: true, required: true, multiline: true },
  ],
  'client-credentials': [
    { name: 'tenantId', label: 'Tenant (optional)', placeholder: 'contoso.onmicrosoft.com' },
    { name: 'clientId', label: 'Client ID', required: true },
    { name: 'clientSecret', label: 'Client secret', secret: true, required: true },
  ],
};

const METHOD_WORDS: Record<CredentialMethod, string> = {
  'api-key': 'API key',
  aws: 'AWS access keys',
  'service-account': 'Service-account key',
  'client-credentials': 'Entra ID app (client credentials)',
};

/** A method in words ("API key", "AWS access keys"), or its id when this app does not know it. */
export function methodInWords(method: string): string {
  return METHOD_WORDS[method as CredentialMethod] ?? method;
}

function withoutSecrets(values: Readonly<Record<string, string>>): Record<string, string> {
  const secretNames = new Set(
    Object.values(FIELDS)
      .flat()
      .filter((field) => field.secret)
      .map((field) => field.name),
  );
  return Object.fromEntries(Object.entries(values).filter(([name]) => !secretNames.has(name)));
}

/**
 * The form that adds (or replaces) one provider credential at `PUT {apiBase}/{provider}`: a
 * provider, a method when it has several, and that method's fields. The server checks the
 * credential at the provider before storing it; a refusal is shown with the server's words and
 * the fields that are not secret stay filled. Secrets are cleared after every attempt, so a key
 * never lingers in the page.
 */
export function CredentialForm({
  apiBase,
  providers,
  stored,
  whose,
  onSaved,
}: {
  apiBase: string;
  providers: readonly CredentialProvider[];
  /** What is stored now, so the form can say it replaces it. */
  stored: readonly CredentialSummary[];
  /** "your" or "the workspace's", in the form's sentences. */
  whose: string;
  onSaved: (saved: CredentialSummary, provider: CredentialProvider) => void;
}) {
  const id = useId();
  const [providerId, setProviderId] = useState(providers[0]?.id ?? '');
  const provider = providers.find((candidate) => candidate.id === providerId) ?? providers[0];
  const [chosenMethod, setMethod] = useState<CredentialMethod>();
  const method =
    chosenMethod && provider?.methods.includes(chosenMethod) ? chosenMethod : (provider?.methods[0] ?? 'api-key');
  const [values, setValues] = useState<Record<string, string>>({});
  const [keyFile, setKeyFile] = useState<{ name: string; text: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const firstSecret = useRef<HTMLInputElement & HTMLTextAreaElement>(null);

  if (!provider) return null;
  const fields = FIELDS[method];
  const replacing = stored.find((entry) => entry.provider === provider.id);
  const set = (name: string, value: string) => setValues((current) => ({ ...current, [name]: value }));

  async function loadKeyFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    // The input is emptied at once: the file's contents live only in this form's state, unshown.
    event.target.value = '';
    if (!file) return;
    try {
      setKeyFile({ name: file.name, text: await file.text() });
    } catch {
      setError('That file could not be read. Choose the key file again.');
    }
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!provider) return;
    setBusy(true);
    setError(undefined);
    const body: Record<string, string> = { method };
    for (const field of fields) {
      const value = (field.multiline && keyFile ? keyFile.text : values[field.name])?.trim();
      if (value) body[field.name] = value;
    }
    try {
      const { credential } = await api<{ credential: CredentialSummary }>(
        `${apiBase}/${encodeURIComponent(provider.id)}`,
        { method: 'PUT', body },
      );
      setValues({});
      setKeyFile(undefined);
      onSaved(credential, provider);
    } catch (failure) {
      // Keep what the person typed that is not secret; ask for the secret again.
      setValues(withoutSecrets);
      setKeyFile(undefined);
      setError(messageOf(failure));
      firstSecret.current?.focus();
    } finally {
      setBusy(false);
    }
  }

  let secretSeen = false;
  return (
    <form className="credential-form" onSubmit={(event) => void submit(event)} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Add a key</h3>
      <div className="settings-field">
        <label htmlFor={`${id}-provider`}>Provider</label>
        <select
          id={`${id}-provider`}
          value={provider.id}
          onChange={(event) => {
            setProviderId(event.target.value);
            setMethod(undefined);
            setValues(withoutSecrets);
            setKeyFile(undefined);
            setError(undefined);
          }}
        >
          {providers.map((candidate) => (
            <option key={candidate.id} value={candidate.id}>
              {candidate.name}
            </option>
          ))}
        </select>
      </div>
      {provider.methods.length > 1 && (
        <fieldset className="method-choices">
          <legend>Kind of credential</legend>
          {provider.methods.map((candidate) => (
            <label key={candidate}>
              <input
                type="radio"
                name={`${id}-method`}
                value={candidate}
                checked={candidate === method}
                onChange={() => {
                  setMethod(candidate);
                  setValues(withoutSecrets);
                }}
              />{' '}
              {methodInWords(candidate)}
            </label>
          ))}
        </fieldset>
      )}
      {fields.map((field) => {
        const inputId = `${id}-${field.name}`;
        const focusTarget = field.secret && !secretSeen;
        if (field.secret) secretSeen = true;
        const common = {
          id: inputId,
          name: field.name,
          required: (field.required ?? false) && !(field.multiline && keyFile),
          autoComplete: 'off',
          spellCheck: false,
          value: values[field.name] ?? '',
          placeholder: field.placeholder,
          ...(focusTarget ? { ref: firstSecret } : {}),
        };
        return (
          <div className="settings-field" key={`${method}-${field.name}`}>
            <label htmlFor={inputId}>{field.label}</label>
            {field.multiline ? (
              keyFile ? (
                <p className="loaded-file">
                  <span>Loaded {keyFile.name}.</span>{' '}
                  <button type="button" onClick={() => setKeyFile(undefined)}>
                    Use another key
                  </button>
                </p>
              ) : (
                <>
                  <textarea
                    {...common}
                    rows={4}
                    className="secret-text"
                    placeholder='{"type": "service_account", …}'
                    onChange={(event) => set(field.name, event.target.value)}
                  />
                  <label className="file-pick">
                    <span>Or load the key file</span>{' '}
                    <input type="file" accept="application/json,.json" onChange={(event) => void loadKeyFile(event)} />
                  </label>
                </>
              )
            ) : (
              <input
                {...common}
                type={field.secret ? 'password' : 'text'}
                onChange={(event) => set(field.name, event.target.value)}
              />
            )}
          </div>
        );
      })}
      <ErrorMessage message={error} />
      <div className="settings-actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? `Checking with ${provider.name}…` : replacing ? `Replace ${whose} ${provider.name} key` : 'Save key'}
        </button>
      </div>
      <p className="muted small">
        The key is checked with {provider.name} before it is kept, encrypted on the team server. Nobody sees it again;
        only its last four characters are shown.
      </p>
    </form>
  );
}
