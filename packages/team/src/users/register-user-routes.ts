import { SwitchboardError } from '@switchboard/core';
import type { Hono } from 'hono';
import type { Kysely } from 'kysely';
import type { AuditLog } from '../audit/create-audit-log.js';
import type { TeamAppEnv } from '../app/principal.js';
import { readJsonBody } from '../app/read-json-body.js';
import { requirePrincipal } from '../app/require-principal.js';
import type { EnrollmentStore } from '../auth/create-enrollment-store.js';
import type { TeamTables } from '../storage/team-schema.js';
import { enrollmentUrl } from '../auth/enrollment-url.js';
import type { ApiKeyStore } from './create-api-key-store.js';
import type { TeamUser, UserStore } from './create-user-store.js';
import { listSignInMethods } from './list-sign-in-methods.js';

const EMAIL = /^[^\s@]+@[^\s@]+$/;

function fields(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new SwitchboardError('INVALID_REQUEST', 'The body must be a JSON object.', { status: 400 });
  return body as Record<string, unknown>;
}

function roleOf(value: unknown): 'admin' | 'user' {
  if (value === 'admin' || value === 'user') return value;
  throw new SwitchboardError('INVALID_REQUEST', 'role must be "admin" or "user".', { status: 400 });
}

/**
 * Admins manage the members: `GET /api/admin/users` (with sign-in, each member's `signIn`:
 * `{ passkeys, identities }` counted); `POST /api/admin/users` `{ email, role }`
 * (answers with the member's one-time enrollment link — or, without sign-in, their first
 * personal API key, once); `PATCH /api/admin/users/:id`
 * `{ role?, disabled? }`. The workspace always keeps an enabled admin: the last one cannot be
 * demoted or disabled (409). Every change is audited.
 */
export function registerUserRoutes(
  app: Hono<TeamAppEnv>,
  options: {
    users: UserStore;
    keys: ApiKeyStore;
    auditLog: AuditLog;
    /** With sign-in: a new member gets a one-time enrollment link instead of an API key. */
    enrollments?: EnrollmentStore;
    publicUrl?: string;
    /** With sign-in: the database whose passkeys and linked identities the list counts. */
    db?: Kysely<TeamTables>;
  },
): void {
  const { users, keys, auditLog, enrollments, publicUrl, db } = options;
  app.get('/api/admin/users', async (context) => {
    requirePrincipal(context, 'admin');
    const members = await users.list();
    if (!db) return context.json({ users: members });
    const methods = await listSignInMethods(db);
    return context.json({
      users: members.map((member) => ({
        ...member,
        signIn: methods.get(member.id) ?? { passkeys: 0, identities: 0 },
      })),
    });
  });

  app.post('/api/admin/users', async (context) => {
    const admin = requirePrincipal(context, 'admin');
    const body = fields(await readJsonBody(context.req.raw));
    const email = typeof body['email'] === 'string' ? body['email'].trim() : '';
    if (!EMAIL.test(email))
      throw new SwitchboardError('INVALID_REQUEST', 'email must be an email address.', { status: 400 });
    const role = roleOf(body['role'] ?? 'user');
    const user = await users.create({ email, role });
    if (enrollments && publicUrl) {
      const { token, summary } = await enrollments.issue({ userId: user.id, createdBy: admin.userId });
      await auditLog.record({ actorUserId: admin.userId, action: 'user-invited', target: user.id, details: { role } });
      return context.json({ user, enrollment: { ...summary, url: enrollmentUrl(publicUrl, token) } }, 201);
    }
    // Without sign-in, a personal API key is the member's only way in.
    const { key, summary } = await keys.create(user.id, 'first key');
    await auditLog.record({
      actorUserId: admin.userId,
      action: 'user-invited',
      target: user.id,
      details: { role, apiKey: summary.hint },
    });
    return context.json({ user, apiKey: key }, 201);
  });

  app.patch('/api/admin/users/:id', async (context) => {
    const admin = requirePrincipal(context, 'admin');
    const id = context.req.param('id');
    const body = fields(await readJsonBody(context.req.raw));
    const user = await users.get(id);
    if (!user) throw new SwitchboardError('INVALID_REQUEST', 'No such member.', { status: 404 });
    const role = body['role'] === undefined ? user.role : roleOf(body['role']);
    if (body['disabled'] !== undefined && typeof body['disabled'] !== 'boolean')
      throw new SwitchboardError('INVALID_REQUEST', 'disabled must be true or false.', { status: 400 });
    const disabled = body['disabled'] === undefined ? user.disabled : (body['disabled'] as boolean);
    if (user.role === 'admin' && !user.disabled && (role !== 'admin' || disabled) && (await enabledAdmins(users)) <= 1)
      throw new SwitchboardError(
        'INVALID_REQUEST',
        'The workspace needs an enabled admin: make another member admin first.',
        {
          status: 409,
        },
      );
    if (role !== user.role) {
      await users.setRole(id, role);
      await auditLog.record({
        actorUserId: admin.userId,
        action: 'role-changed',
        target: id,
        details: { from: user.role, to: role },
      });
    }
    if (disabled !== user.disabled) {
      await users.setDisabled(id, disabled);
      await auditLog.record({
        actorUserId: admin.userId,
        action: disabled ? 'user-disabled' : 'user-enabled',
        target: id,
      });
    }
    return context.json({ user: (await users.get(id)) as TeamUser });
  });
}

async function enabledAdmins(users: UserStore): Promise<number> {
  return (await users.list()).filter((user) => user.role === 'admin' && !user.disabled).length;
}
