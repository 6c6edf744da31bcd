import { useEffect, type ReactNode } from 'react';

/** Every page's frame: the product name, a <main> landmark with the page's heading, a card. */
export function Layout({ title, children }: { title: string; children: ReactNode }) {
  useEffect(() => {
    document.title = `${title} · Switchboard`;
  }, [title]);
  return (
    <>
      <header className="brand">
        <span className="brand-mark" aria-hidden="true" />
        Switchboard
      </header>
      <main className="card" aria-labelledby="page-title">
        <h1 id="page-title">{title}</h1>
        {children}
      </main>
    </>
  );
}

/** The failure of the last attempt, announced to screen readers. */
export function ErrorMessage({ message }: { message: string | undefined }) {
  if (!message) return null;
  return (
    <p className="error" role="alert">
      {message}
    </p>
  );
}
