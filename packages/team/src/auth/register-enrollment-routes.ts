import { SwitchboardError } from '@switchboard/core';
import type { Hono } from 'hono';
import type { AuditLog } from '../audit/create-audit-log.js';
import type { TeamAppEnv } from '../app/principal.js';
import { requirePrincipal } from '../app/require-principal.js';
import type { UserStore } from '../users/create-user-store.js';
import type { EnrollmentStore } from './create-enrollment-store.js';
import { enrollmentUrl } from './enrollment-url.js';

/**
 * Admins' invitations: `POST /api/admin/users/:id/enrollment` issues a member a new one-time
 * enrollment link (revoking their older ones: the way back for someone who lost every passkey);
 * `GET /api/admin/invitations` lists the live ones; `DELETE /api/admin/invitations/:id` revokes.
 */
export function registerEnrollmentRoutes(
  app: Hono<TeamAppEnv>,
  options: { enrollments: EnrollmentStore; users: UserStore; auditLog: AuditLog; publicUrl: string },
): void {
  const { enrollments, users, auditLog, publicUrl } = options;
  app.post('/api/admin/users/:id/enrollment', async (context) => {
    const admin = requirePrincipal(context, 'admin');
    const member = await users.get(context.req.param('id'));
    if (!member) throw new SwitchboardError('INVALID_REQUEST', 'No such member.', { status: 404 });
    const { token, summary } = await enrollments.issue({ userId: member.id, createdBy: admin.userId });
    await auditLog.record({ actorUserId: admin.userId, action: 'enrollment-issued', target: member.id });
    return context.json({ enrollment: { ...summary, url: enrollmentUrl(publicUrl, token) } }, 201);
  });
  app.get('/api/admin/invitations', async (context) => {
    requirePrincipal(context, 'admin');
    const pending = await enrollments.listPending();
    const members = new Map((await users.list()).map((member) => [member.id, member]));
    return context.json({
      invitations: pending.map((enrollment) => ({
        ...enrollment,
        email: members.get(enrollment.userId)?.email ?? null,
      })),
    });
  });
  app.delete('/api/admin/invitations/:id', async (context) => {
    const admin = requirePrincipal(context, 'admin');
    const id = context.req.param('id');
    if (!(await enrollments.revoke(id)))
      throw new SwitchboardError('INVALID_REQUEST', 'No such live invitation.', { status: 404 });
    await auditLog.record({ actorUserId: admin.userId, action: 'enrollment-revoked', target: id });
    return context.json({ revoked: id });
  });
}
