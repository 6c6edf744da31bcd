import { CredentialsManager } from '../settings/credentials-manager.js';

/**
 * The workspace's provider keys (admins): they serve every member who has no key of their own
 * for that provider.
 */
export function WorkspaceCredentialsSection() {
  return (
    <section aria-labelledby="workspace-keys-title" className="panel">
      <h2 id="workspace-keys-title">Workspace keys</h2>
      <p className="muted">
        These keys serve every member who has no key of their own for the provider. Answers they serve say
        &ldquo;workspace key&rdquo;.
      </p>
      <CredentialsManager
        apiBase="/api/admin/credentials"
        whose="the workspace's"
        emptyText="The workspace has no provider key yet: members can chat only with keys of their own."
        removeQuestion={(name) => `Remove the workspace's ${name} key? Members without their own key lose ${name}.`}
      />
    </section>
  );
}
