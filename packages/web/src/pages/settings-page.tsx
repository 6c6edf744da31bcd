import { useState } from 'react';
import { AppPage } from '../app-page.js';
import { ApiKeysSection } from '../settings/api-keys-section.js';
import { IdentitiesSection } from '../settings/identities-section.js';
import { PasskeysSection } from '../settings/passkeys-section.js';
import { PersonalKeysSection } from '../settings/personal-keys-section.js';
import { ProvidersSection } from '../settings/providers-section.js';

/** The sections, in page order, for the page's own table of contents. */
const CONTENTS = [
  { id: 'providers-title', label: 'Providers in the chat' },
  { id: 'personal-keys-title', label: 'Personal provider keys' },
  { id: 'passkeys-title', label: 'Passkeys' },
  { id: 'identities-title', label: 'Linked identities' },
  { id: 'api-keys-title', label: 'API keys' },
] as const;

/**
 * `/settings`: the member's own choices and ways in, one section each — what the chat lists,
 * their own provider keys, passkeys and linked identities (the ways to sign in, side by side),
 * and API keys for programs.
 */
export function SettingsPage() {
  // Counts changes to the member's own keys, which the providers section shows the effect of.
  const [keysVersion, setKeysVersion] = useState(0);
  return (
    <AppPage title="Settings">
      {() => (
        <div className="settings">
          <nav aria-label="Settings sections" className="page-contents">
            <ul>
              {CONTENTS.map((entry) => (
                <li key={entry.id}>
                  <a href={`#${entry.id}`}>{entry.label}</a>
                </li>
              ))}
            </ul>
          </nav>
          <ProvidersSection keysVersion={keysVersion} />
          <PersonalKeysSection onChange={() => setKeysVersion((version) => version + 1)} />
          <PasskeysSection />
          <IdentitiesSection />
          <ApiKeysSection />
        </div>
      )}
    </AppPage>
  );
}
