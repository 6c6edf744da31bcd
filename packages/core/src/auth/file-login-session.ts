import { SwitchboardError } from '../errors.js';
import type { SecretStore } from '../vault/secret-store.js';
import type { StoredSession } from '../vault/session.js';
import { planSessionFiling, type SessionFiling } from './plan-session-filing.js';
import { checkSessionName } from './session-ref.js';
import type { LoginOptions } from './types.js';

/**
 * Stores a new login beside the provider's other sessions; asks (`confirmReplace`) before it
 * replaces one. Without a question to ask, the same account is replaced and a taken name refused.
 * @throws SwitchboardError `CANCELLED` when the person keeps the stored session, `INVALID_INPUT`
 * for a taken name without a question to ask.
 */
export async function fileLoginSession(
  store: SecretStore,
  session: StoredSession,
  loginOptions: Pick<LoginOptions, 'name' | 'confirmReplace'>,
): Promise<SessionFiling> {
  const requested = loginOptions.name === undefined ? undefined : checkSessionName(loginOptions.name);
  const filing = planSessionFiling(await store.read(), session, requested);
  const question = filing.question;
  if (question) {
    const confirmed = loginOptions.confirmReplace
      ? await loginOptions.confirmReplace(question)
      : question.reason === 'same-account';
    if (!confirmed)
      throw new SwitchboardError(
        loginOptions.confirmReplace ? 'CANCELLED' : 'INVALID_INPUT',
        question.reason === 'name-taken'
          ? `${question.ref} already holds ${question.storedAccount ?? 'another account'}; nothing was stored. Choose another --name, or run \`sb auth logout ${question.ref}\` first.`
          : `Kept ${question.ref} as it was; nothing was stored.`,
        { provider: session.provider, isRetryable: false },
      );
  }
  await store.update((document) => {
    if (filing.replaces && filing.replaces.key !== filing.key) delete document.sessions[filing.replaces.key];
    document.sessions[filing.key] = session;
  });
  return filing;
}
