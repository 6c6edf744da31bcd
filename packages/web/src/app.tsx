import { EnrollPage } from './pages/enroll-page.js';
import { ChatPage } from './pages/chat-page.js';
import { NotFoundPage } from './pages/not-found-page.js';
import { SettingsPage } from './pages/settings-page.js';
import { SignInPage } from './pages/sign-in-page.js';
import { usePathname } from './navigation.js';

/** The team web app: one page per pathname. */
export function App() {
  const pathname = usePathname();
  switch (pathname) {
    case '/':
      return <ChatPage />;
    case '/sign-in':
      return <SignInPage />;
    case '/enroll':
      return <EnrollPage />;
    case '/settings':
      return <SettingsPage />;
    default:
      return <NotFoundPage />;
  }
}
