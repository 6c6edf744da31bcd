import { AppPage } from '../app-page.js';
import { IdentitiesSection } from '../settings/identities-section.js';

/** `/settings`: the member's own choices and ways in, one section each. */
export function SettingsPage() {
  return <AppPage title="Settings">{() => <IdentitiesSection />}</AppPage>;
}
