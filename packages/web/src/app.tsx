import { lazy, Suspense } from 'react';
import { EnrollPage } from './pages/enroll-page.js';
import { NotFoundPage } from './pages/not-found-page.js';
import { SignInPage } from './pages/sign-in-page.js';
import { usePathname } from './navigation.js';

// The signed-in pages load on demand: the sign-in page, the first a newcomer sees, stays small.
const ChatPage = lazy(() => import('./pages/chat-page.js').then((module) => ({ default: module.ChatPage })));
const SettingsPage = lazy(() =>
  import('./pages/settings-page.js').then((module) => ({ default: module.SettingsPage })),
);
const AdminPage = lazy(() => import('./pages/admin-page.js').then((module) => ({ default: module.AdminPage })));

function page(pathname: string) {
  if (pathname === '/') return <ChatPage />;
  if (pathname === '/sign-in') return <SignInPage />;
  if (pathname === '/enroll') return <EnrollPage />;
  if (pathname === '/settings') return <SettingsPage />;
  if (pathname === '/admin' || pathname.startsWith('/admin/')) return <AdminPage />;
  return <NotFoundPage />;
}

/** The team web app: one page per pathname. */
export function App() {
  const pathname = usePathname();
  return (
    <Suspense
      fallback={
        <p className="lead" aria-live="polite">
          Loading…
        </p>
      }
    >
      {page(pathname)}
    </Suspense>
  );
}
