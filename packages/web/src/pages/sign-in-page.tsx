import { startAuthentication, type PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/browser';
import { useEffect, useState } from 'react';
import { api, messageOf } from '../api.js';
import { ErrorMessage, Layout } from '../layout.js';
import { navigate } from '../navigation.js';

interface SignInOptions {
  readonly passkeys: boolean;
  readonly identityProviders: readonly { id: string; name: string; preset: string }[];
}

const SSO_FAILED = 'Single sign-on did not work. Try again, or ask an admin for help.';

/** `/sign-in`: a passkey, or one of the team's identity providers. */
export function SignInPage() {
  const [options, setOptions] = useState<SignInOptions>();
  const [busy, setBusy] = useState<string>();
  const [error, setError] = useState<string | undefined>(() =>
    new URLSearchParams(window.location.search).get('sso') === 'failed' ? SSO_FAILED : undefined,
  );

  useEffect(() => {
    let active = true;
    api<SignInOptions>('/api/sign-in/options').then(
      (answer) => active && setOptions(answer),
      (failure: unknown) => active && setError(messageOf(failure)),
    );
    return () => {
      active = false;
    };
  }, []);

  async function signInWithPasskey() {
    setBusy('passkey');
    setError(undefined);
    try {
      const optionsJSON = await api<PublicKeyCredentialRequestOptionsJSON>(
        '/api/auth/passkey/generate-authenticate-options',
      );
      const response = await startAuthentication({ optionsJSON });
      await api('/api/auth/passkey/verify-authentication', { method: 'POST', body: { response } });
      navigate('/', { replace: true });
    } catch (failure) {
      setError(messageOf(failure));
      setBusy(undefined);
    }
  }

  async function signInWith(providerId: string) {
    setBusy(providerId);
    setError(undefined);
    try {
      const { url } = await api<{ url: string }>('/api/auth/sso/start', {
        method: 'POST',
        body: { providerId, returnTo: '/' },
      });
      window.location.assign(url);
    } catch (failure) {
      setError(messageOf(failure));
      setBusy(undefined);
    }
  }

  return (
    <Layout title="Sign in">
      <p className="lead">Sign in to your team&rsquo;s Switchboard.</p>
      <div className="actions">
        <button type="button" className="primary" disabled={busy !== undefined} onClick={signInWithPasskey}>
          {busy === 'passkey' ? 'Waiting for your passkey…' : 'Sign in with a passkey'}
        </button>
        {options?.identityProviders.map((provider) => (
          <button
            key={provider.id}
            type="button"
            disabled={busy !== undefined}
            onClick={() => void signInWith(provider.id)}
          >
            {`Sign in with ${provider.name}`}
          </button>
        ))}
      </div>
      <ErrorMessage message={error} />
      <p className="hint">New here? Open the link an admin sent you.</p>
    </Layout>
  );
}
