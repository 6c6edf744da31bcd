import { SwitchboardError } from '@switchboard/core';
import { createAuditLog } from '../audit/create-audit-log.js';
import type { TeamDatabase } from '../storage/open-team-database.js';
import { createUserStore } from '../users/create-user-store.js';
import { createEnrollmentStore } from './create-enrollment-store.js';
import { enrollmentUrl } from './enrollment-url.js';

/** What {@link createAdminEnrollment} did. */
export interface AdminEnrollment {
  readonly userId: string;
  /** The one-time link to open (it works once, until `expiresAt`). */
  readonly url: string;
  readonly expiresAt: string;
  /** `created`: a new admin; `promoted`: an existing member made admin; `reissued`: an admin's new link. */
  readonly change: 'created' | 'promoted' | 'reissued';
}

const EMAIL = /^[^\s@]+@[^\s@]+$/;

/**
 * An admin and their one-time enrollment link — how a workspace gets its first admin (whoever
 * runs the server's command line is trusted with that), and how an admin who lost every passkey
 * gets back in: an existing member with that email is made admin (or, already admin, given a
 * new link, which revokes the older ones). Audited.
 */
export async function createAdminEnrollment(
  database: TeamDatabase,
  options: { email: string; publicUrl: string },
): Promise<AdminEnrollment> {
  const email = options.email.trim().toLowerCase();
  if (!EMAIL.test(email))
    throw new SwitchboardError('INVALID_INPUT', '--email must be an email address.', {
      hint: 'sb team create-admin --email ada@example.com',
    });
  const users = createUserStore({ db: database.db });
  const auditLog = createAuditLog({ db: database.db });
  const existing = (await users.list()).find((user) => user.email?.toLowerCase() === email);
  let change: AdminEnrollment['change'] = 'created';
  let userId: string;
  if (existing) {
    userId = existing.id;
    change = existing.role === 'admin' ? 'reissued' : 'promoted';
    if (existing.role !== 'admin') await users.setRole(userId, 'admin');
    if (existing.disabled) await users.setDisabled(userId, false);
  } else {
    userId = (await users.create({ email, role: 'admin' })).id;
  }
  const { token, summary } = await createEnrollmentStore({ db: database.db }).issue({ userId });
  await auditLog.record({
    action: change === 'created' ? 'user-invited' : change === 'promoted' ? 'role-changed' : 'enrollment-issued',
    target: userId,
    details: { role: 'admin', via: 'sb team create-admin' },
  });
  return { userId, url: enrollmentUrl(options.publicUrl, token), expiresAt: summary.expiresAt, change };
}
