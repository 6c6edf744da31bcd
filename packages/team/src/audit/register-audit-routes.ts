import { SwitchboardError } from '@switchboard/core';
import type { Hono } from 'hono';
import type { TeamAppEnv } from '../app/principal.js';
import { requirePrincipal } from '../app/require-principal.js';
import type { AuditLog } from './create-audit-log.js';

/** The most events one page holds (the audit log's own cap). */
const MAX_LIMIT = 500;
/** A page's continuation: the last event's `at`, a `|`, its id. */
const CURSOR = /^(\d{4}-\d{2}-\d{2}T[\d:.]+Z)\|([\w-]{1,100})$/;

function invalid(message: string): SwitchboardError {
  return new SwitchboardError('INVALID_REQUEST', message, { status: 400 });
}

/**
 * `GET /api/admin/audit?limit=N&before=C` (admins): the audit log, newest first, `limit` events
 * (default 100, at most 500) a page. A full page carries `next`, the `before` of the page after
 * it; `at` and `id` together, because several events can share a millisecond.
 */
export function registerAuditRoutes(app: Hono<TeamAppEnv>, options: { auditLog: AuditLog }): void {
  app.get('/api/admin/audit', async (context) => {
    requirePrincipal(context, 'admin');
    const limit = Number(context.req.query('limit') ?? '100');
    if (!Number.isInteger(limit) || limit < 1) throw invalid('limit must be a positive integer.');
    const cursor = context.req.query('before');
    const match = cursor === undefined ? undefined : CURSOR.exec(cursor);
    if (match === null) throw invalid('before must be the next value of an earlier page.');
    const before = match ? { at: match[1] as string, id: match[2] as string } : undefined;
    const events = await options.auditLog.list({ limit, ...(before ? { before } : {}) });
    const last = events.at(-1);
    // A short page is the last one; a full one may be too, which the next (empty) page tells.
    const full = last !== undefined && events.length === Math.min(limit, MAX_LIMIT);
    return context.json({ events, ...(full ? { next: `${last.at}|${last.id}` } : {}) });
  });
}
