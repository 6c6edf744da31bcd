import { SwitchboardError } from '@switchboard/core';
import type { Hono } from 'hono';
import type { AuditLog } from '../audit/create-audit-log.js';
import type { TeamAppEnv } from '../app/principal.js';
import { readJsonBody } from '../app/read-json-body.js';
import { requirePrincipal } from '../app/require-principal.js';
import type { ApiKeyStore } from './create-api-key-store.js';

const NAME = /^[\w .-]{1,100}$/;

/**
 * `GET /api/me/api-keys`, `POST /api/me/api-keys` `{ name }` (the key is in this answer only)
 * and `DELETE /api/me/api-keys/:id`: each member's personal API keys, for programs and the
 * gateway endpoints. Creating and revoking are audited.
 */
export function registerApiKeyRoutes(app: Hono<TeamAppEnv>, options: { keys: ApiKeyStore; auditLog: AuditLog }): void {
  app.get('/api/me/api-keys', async (context) => {
    const user = requirePrincipal(context);
    return context.json({ apiKeys: await options.keys.list(user.userId) });
  });
  app.post('/api/me/api-keys', async (context) => {
    const user = requirePrincipal(context);
    const body = await readJsonBody(context.req.raw);
    const name = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)['name'] : undefined;
    if (typeof name !== 'string' || !NAME.test(name.trim()))
      throw new SwitchboardError('INVALID_REQUEST', 'name must be 1–100 letters, digits, spaces, ".", "_" or "-".', {
        status: 400,
      });
    const created = await options.keys.create(user.userId, name.trim());
    await options.auditLog.record({
      actorUserId: user.userId,
      action: 'api-key-created',
      target: created.summary.id,
      details: { name: created.summary.name, hint: created.summary.hint },
    });
    return context.json({ key: created.key, apiKey: created.summary }, 201);
  });
  app.delete('/api/me/api-keys/:id', async (context) => {
    const user = requirePrincipal(context);
    const id = context.req.param('id');
    if (!(await options.keys.revoke(user.userId, id)))
      throw new SwitchboardError('INVALID_REQUEST', 'No such live API key of yours.', { status: 404 });
    await options.auditLog.record({ actorUserId: user.userId, action: 'api-key-revoked', target: id });
    return context.json({ revoked: true });
  });
}
