import type { ComponentType } from 'react';
import { AuditSection } from '../admin/audit-section.js';
import { IdentityProvidersSection } from '../admin/identity-providers-section.js';
import { InvitationsSection } from '../admin/invitations-section.js';
import { PolicySection } from '../admin/policy-section.js';
import { UsageSection } from '../admin/usage-section.js';
import { UsersSection } from '../admin/users-section.js';
import { WorkspaceCredentialsSection } from '../admin/workspace-credentials-section.js';
import { AppPage } from '../app-page.js';
import { AppLink } from '../app-link.js';
import { usePathname } from '../navigation.js';

/** One part of the admin page: its path under `/admin/`, its title, what it shows. */
interface AdminSection {
  readonly path: string;
  readonly title: string;
  readonly Component: ComponentType;
}

/** The admin page's sections, in the order its navigation lists them; the first is `/admin`'s. */
const SECTIONS: readonly AdminSection[] = [
  { path: 'users', title: 'Users', Component: UsersSection },
  { path: 'invitations', title: 'Invitations', Component: InvitationsSection },
  { path: 'credentials', title: 'Workspace keys', Component: WorkspaceCredentialsSection },
  { path: 'identity-providers', title: 'Identity providers', Component: IdentityProvidersSection },
  { path: 'policy', title: 'Models and providers', Component: PolicySection },
  { path: 'usage', title: 'Usage', Component: UsageSection },
  { path: 'audit', title: 'Audit log', Component: AuditSection },
];

/** `/admin/<section>`: the workspace's administration, one section at a time, for admins only. */
export function AdminPage() {
  const pathname = usePathname();
  const wanted = pathname.replace(/^\/admin\/?/, '');
  const section = SECTIONS.find((candidate) => candidate.path === wanted) ?? (wanted === '' ? SECTIONS[0] : undefined);
  return (
    <AppPage title={section ? `Admin · ${section.title}` : 'Admin'} adminOnly>
      {() => (
        <div className="admin">
          <nav aria-label="Admin sections" className="admin-nav">
            <ul>
              {SECTIONS.map((candidate) => (
                <li key={candidate.path}>
                  <AppLink href={`/admin/${candidate.path}`} aria-current={candidate === section ? 'page' : undefined}>
                    {candidate.title}
                  </AppLink>
                </li>
              ))}
            </ul>
          </nav>
          <div className="admin-section">
            {section ? (
              <section.Component />
            ) : (
              <p className="error" role="alert">
                There is no such admin section.
              </p>
            )}
          </div>
        </div>
      )}
    </AppPage>
  );
}
