import type { StoredSession, VaultDocument } from '../vault/session.js';
import { findSession, sessionsOf, type NamedSession } from '../vault/session-entries.js';
import { defaultSessionName } from '../vault/session-name.js';
import type { ReplaceQuestion } from './types.js';

/** Where a new login goes, and what it would replace. */
export interface SessionFiling {
  /** `openai/work`. */
  key: string;
  name: string;
  /** The stored session it replaces (the same account, or the one holding the name). */
  replaces?: NamedSession;
  /** What to ask before replacing. */
  question?: ReplaceQuestion;
}

/**
 * Decides where a new login is filed: beside the provider's other sessions under its own name
 * (`requestedName`, else a default from the email or key hint); over a stored session only when
 * it is the same account signed in again, or when `requestedName` is already taken.
 */
export function planSessionFiling(
  document: VaultDocument,
  session: StoredSession,
  requestedName: string | undefined,
): SessionFiling {
  const provider = session.provider;
  const same = sessionsOf(document, provider).find((entry) => isSameAccount(entry.session, session));
  const question = (replaced: NamedSession, reason: ReplaceQuestion['reason']): ReplaceQuestion => ({
    ref: replaced.key,
    reason,
    storedAccount: accountLabel(replaced.session),
    newAccount: accountLabel(session),
  });
  if (requestedName !== undefined) {
    const key = `${provider}/${requestedName}`;
    const atName = findSession(document, provider, requestedName);
    if (atName) {
      const reason = isSameAccount(atName.session, session) ? 'same-account' : 'name-taken';
      return { key, name: requestedName, replaces: atName, question: question(atName, reason) };
    }
    if (same) return { key, name: requestedName, replaces: same, question: question(same, 'same-account') };
    return { key, name: requestedName };
  }
  if (same) return { key: same.key, name: same.name, replaces: same, question: question(same, 'same-account') };
  const taken = new Set(sessionsOf(document, provider).map((entry) => entry.name));
  const name = defaultSessionName(session, taken);
  return { key: `${provider}/${name}`, name };
}

/** The account a person would recognize (email, key hint, profile), when there is one. */
export function accountLabel(session: StoredSession): string | null {
  return session.account ?? session.metadata.email ?? null;
}

/** True when two sessions are the same credential of the same account (a login repeated). */
export function isSameAccount(stored: StoredSession, incoming: StoredSession): boolean {
  if (stored.provider !== incoming.provider || stored.method !== incoming.method) return false;
  return identityOf(stored) === identityOf(incoming);
}

function identityOf(session: StoredSession): string | undefined {
  switch (session.method) {
    case 'api-key':
      return session.apiKey?.trim();
    case 'client-credentials':
      return session.clientId;
    case 'service-account':
      return session.serviceAccount?.clientEmail;
    case 'aws':
      return session.aws?.accessKeyId ?? `profile:${session.awsChain?.profile ?? 'default'}`;
    case 'oauth':
      // The email names the person; the ChatGPT account id alone may be a shared workspace.
      return session.metadata.email ?? session.account ?? session.metadata.accountId;
    default:
      // ADC and the CLI bridges: one login per machine, held by the vendor's tool.
      return session.method;
  }
}
