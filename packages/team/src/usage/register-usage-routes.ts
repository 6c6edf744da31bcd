import { SwitchboardError } from '@switchboard/core';
import type { Context, Hono } from 'hono';
import type { TeamAppEnv } from '../app/principal.js';
import { requirePrincipal } from '../app/require-principal.js';
import type { TeamUsageLog } from './create-team-usage-log.js';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function sinceOf(context: Context<TeamAppEnv>, now: Date): string {
  const given = context.req.query('since');
  if (given === undefined) return `${now.toISOString().slice(0, 7)}-01`;
  if (!DAY.test(given) || Number.isNaN(Date.parse(given)))
    throw new SwitchboardError('INVALID_REQUEST', 'since must be a day, YYYY-MM-DD.', { status: 400 });
  return given;
}

/**
 * `GET /api/me/usage` (a member's own) and `GET /api/admin/usage` (everyone's, also by member):
 * requests, tokens and estimated cost by provider, model and day since `?since=YYYY-MM-DD`
 * (default: the first day of this month, UTC).
 */
export function registerUsageRoutes(app: Hono<TeamAppEnv>, options: { usage: TeamUsageLog; now?: () => Date }): void {
  const now = options.now ?? (() => new Date());
  app.get('/api/me/usage', async (context) => {
    const member = requirePrincipal(context);
    const sinceDay = sinceOf(context, now());
    return context.json({ since: sinceDay, ...(await options.usage.summarize({ userId: member.userId, sinceDay })) });
  });
  app.get('/api/admin/usage', async (context) => {
    requirePrincipal(context, 'admin');
    const sinceDay = sinceOf(context, now());
    return context.json({ since: sinceDay, ...(await options.usage.summarize({ sinceDay })) });
  });
}
