import { useEffect, useState } from 'react';
import { api, ApiError, messageOf } from '../api.js';
import { ErrorMessage, Layout } from '../layout.js';
import { navigate } from '../navigation.js';

interface Me {
  readonly userId: string;
  readonly role: 'admin' | 'user';
  readonly method: string;
}

interface Session {
  readonly user?: { readonly email?: string };
}

/** `/`: who is signed in; anyone else goes to `/sign-in`. */
export function HomePage() {
  const [member, setMember] = useState<{ email: string; role: Me['role'] }>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let active = true;
    (async () => {
      const me = await api<Me>('/api/me');
      const session = await api<Session | null>('/api/auth/get-session');
      if (active) setMember({ email: session?.user?.email ?? '', role: me.role });
    })().catch((failure: unknown) => {
      if (!active) return;
      if (failure instanceof ApiError && failure.status === 401) navigate('/sign-in', { replace: true });
      else setError(messageOf(failure));
    });
    return () => {
      active = false;
    };
  }, []);

  async function signOut() {
    setBusy(true);
    setError(undefined);
    try {
      await api('/api/auth/sign-out', { method: 'POST', body: {} });
      navigate('/sign-in', { replace: true });
    } catch (failure) {
      setError(messageOf(failure));
      setBusy(false);
    }
  }

  return (
    <Layout title="Your account">
      {member ? (
        <>
          <dl className="facts">
            <dt>Signed in as</dt>
            <dd data-testid="member-email">{member.email}</dd>
            <dt>Role</dt>
            <dd data-testid="member-role">{member.role}</dd>
          </dl>
          <div className="actions">
            <button type="button" disabled={busy} onClick={signOut}>
              Sign out
            </button>
          </div>
        </>
      ) : (
        !error && (
          <p className="lead" aria-live="polite">
            Loading…
          </p>
        )
      )}
      <ErrorMessage message={error} />
    </Layout>
  );
}
