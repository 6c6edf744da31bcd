import { CredentialsManager } from './credentials-manager.js';

/**
 * The member's own provider keys (bring your own key): the chat and the gateway use them before
 * the workspace's, so a member can reach a provider the workspace has no key for, or be billed
 * on their own account.
 */
export function PersonalKeysSection({ onChange }: { onChange?: () => void }) {
  return (
    <section aria-labelledby="personal-keys-title" className="panel">
      <h2 id="personal-keys-title">Personal provider keys</h2>
      <p className="muted">
        Your own keys serve your requests before the workspace&rsquo;s keys do. Answers they serve say &ldquo;personal
        key&rdquo;.
      </p>
      <CredentialsManager
        apiBase="/api/me/credentials"
        whose="your"
        emptyText="You have no key of your own: the workspace's keys serve you."
        removeQuestion={(name) => `Remove your ${name} key? The workspace's key, if any, serves you then.`}
        {...(onChange ? { onChange } : {})}
      />
    </section>
  );
}
