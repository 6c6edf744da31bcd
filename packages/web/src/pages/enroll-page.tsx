import { startRegistration, type PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/browser';
import { useEffect, useState } from 'react';
import { api, messageOf } from '../api.js';
import { ErrorMessage, Layout } from '../layout.js';
import { navigate } from '../navigation.js';

interface Enrollment {
  readonly email: string;
  readonly role: 'admin' | 'user';
}

/** The token of an enrollment link (`/enroll#token=sbe_…`): in the fragment, so no server sees it in a URL. */
function tokenFromHash(): string {
  return new URLSearchParams(window.location.hash.slice(1)).get('token') ?? '';
}

/** `/enroll#token=…`: the first passkey of an invited member, then signed in. */
export function EnrollPage() {
  const [token] = useState(tokenFromHash);
  const [enrollment, setEnrollment] = useState<Enrollment>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(
    token ? undefined : 'This link has no enrollment token. Ask an admin for a new link.',
  );

  useEffect(() => {
    if (!token) return;
    let active = true;
    api<Enrollment>('/api/enrollment/lookup', { method: 'POST', body: { token } }).then(
      (answer) => active && setEnrollment(answer),
      (failure: unknown) => active && setError(messageOf(failure)),
    );
    return () => {
      active = false;
    };
  }, [token]);

  async function createPasskey() {
    setBusy(true);
    setError(undefined);
    try {
      const optionsJSON = await api<PublicKeyCredentialCreationOptionsJSON>(
        `/api/auth/passkey/generate-register-options?context=${encodeURIComponent(token)}`,
      );
      const response = await startRegistration({ optionsJSON });
      await api('/api/auth/passkey/verify-registration', { method: 'POST', body: { response, createSession: true } });
      navigate('/', { replace: true });
    } catch (failure) {
      setError(messageOf(failure));
      setBusy(false);
    }
  }

  return (
    <Layout title="Welcome">
      {enrollment ? (
        <p className="lead">
          Welcome, <strong>{enrollment.email}</strong>. Create a passkey to sign in
          {enrollment.role === 'admin' ? ' as an admin of this team.' : ' to this team.'}
        </p>
      ) : (
        <p className="lead">Create a passkey to sign in to your team&rsquo;s Switchboard.</p>
      )}
      <div className="actions">
        <button type="button" className="primary" disabled={!token || busy} onClick={createPasskey}>
          {busy ? 'Waiting for your passkey…' : 'Create a passkey'}
        </button>
      </div>
      <ErrorMessage message={error} />
      <p className="hint">A passkey lives on this device or in your password manager; no password needed.</p>
    </Layout>
  );
}
