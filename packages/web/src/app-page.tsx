import { useEffect, useState, type ReactNode } from 'react';
import { ApiError, messageOf } from './api.js';
import { AppHeader } from './app-header.js';
import { ErrorMessage } from './layout.js';
import { loadMember, type Member } from './member.js';
import { navigate } from './navigation.js';

/**
 * The frame of a signed-in page other than the chat (settings, admin): the header, then a
 * `<main>` with the page's heading and its content, given the member once known. Strangers go to
 * `/sign-in`; a member who is not an admin is told so on an admin page.
 */
export function AppPage({
  title,
  adminOnly = false,
  children,
}: {
  title: string;
  adminOnly?: boolean;
  children: (member: Member) => ReactNode;
}) {
  const [member, setMember] = useState<Member>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    document.title = `${title} · Switchboard`;
  }, [title]);
  useEffect(() => {
    let active = true;
    loadMember().then(
      (loaded) => active && setMember(loaded),
      (failure: unknown) => {
        if (!active) return;
        if (failure instanceof ApiError && failure.status === 401) navigate('/sign-in', { replace: true });
        else setError(messageOf(failure));
      },
    );
    return () => {
      active = false;
    };
  }, []);
  return (
    <div className="chat-app">
      <AppHeader member={member} />
      <main id="content" tabIndex={-1} className="app-main" aria-labelledby="page-title">
        <h1 id="page-title">{title}</h1>
        <ErrorMessage message={error} />
        {!member ? (
          !error && (
            <p className="lead" aria-live="polite">
              Loading…
            </p>
          )
        ) : adminOnly && member.role !== 'admin' ? (
          <p className="error" role="alert">
            Only admins can open this page. Ask an admin of your workspace.
          </p>
        ) : (
          children(member)
        )}
      </main>
    </div>
  );
}
