import { useState, type ReactNode } from 'react';
import { api, messageOf } from './api.js';
import { AppLink } from './app-link.js';
import { ErrorMessage } from './layout.js';
import type { Member } from './member.js';
import { navigate, usePathname } from './navigation.js';

/** The app's places, in the order the header lists them; `admin` only for admins. */
const PLACES = [
  { href: '/', label: 'Chat', admin: false },
  { href: '/settings', label: 'Settings', admin: false },
  { href: '/admin', label: 'Admin', admin: true },
] as const;

function isCurrent(href: string, pathname: string): boolean {
  return href === '/' ? pathname === '/' : pathname === href || pathname.startsWith(`${href}/`);
}

/**
 * Every signed-in page's header: the product, what the page puts in the middle (the chat's model
 * selector), the places the member may go (the current one marked for screen readers), who is
 * signed in, and Sign out.
 */
export function AppHeader({ member, children }: { member: Member | undefined; children?: ReactNode }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const pathname = usePathname();

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
    <>
      {/* Keyboard users reach the page's content without tabbing through the header first. */}
      <a className="skip-link" href="#content">
        Skip to content
      </a>
      <header className="chat-header">
        <span className="brand">
          <span className="brand-mark" aria-hidden="true" />
          Switchboard
        </span>
        {children}
        <span className="header-end">
          <nav aria-label="Places" className="places">
            {PLACES.filter((place) => !place.admin || member?.role === 'admin').map((place) => (
              <AppLink
                key={place.href}
                href={place.href}
                aria-current={isCurrent(place.href, pathname) ? 'page' : undefined}
              >
                {place.label}
              </AppLink>
            ))}
          </nav>
          {member && (
            <span className="member">
              <span data-testid="member-email">{member.email}</span>{' '}
              <span className="muted">
                (<span data-testid="member-role">{member.role}</span>)
              </span>
            </span>
          )}
          <button type="button" disabled={busy || !member} onClick={() => void signOut()}>
            Sign out
          </button>
        </span>
      </header>
      <ErrorMessage message={error} />
    </>
  );
}
