import { SwitchboardError, type Catalog } from '@switchboard/core';
import type { Hono } from 'hono';
import type { AuditLog } from '../audit/create-audit-log.js';
import type { TeamAppEnv } from '../app/principal.js';
import { requirePrincipal } from '../app/require-principal.js';
import { readJsonBody } from '../app/read-json-body.js';
import type { PolicyStore } from './create-policy-store.js';
import { parseTeamPolicy } from './team-policy.js';

/** What {@link registerPolicyRoutes} needs. */
export interface PolicyRoutesOptions {
  readonly policyStore: PolicyStore;
  readonly auditLog: AuditLog;
  /** When the server runs models: a default must name one of its models. */
  readonly catalog?: Pick<Catalog, 'get'>;
}

/**
 * `GET /api/policy` (any signed-in caller: users need the defaults and whether they may change
 * them) and `PUT /api/admin/policy` (admins; replaces the whole policy and records a
 * `policy-changed` audit event). A default naming no model of the catalog is refused (400): the
 * routes that run models would otherwise refuse every request of that context.
 */
export function registerPolicyRoutes(app: Hono<TeamAppEnv>, options: PolicyRoutesOptions): void {
  app.get('/api/policy', async (context) => {
    requirePrincipal(context);
    return context.json({ policy: await options.policyStore.get() });
  });

  app.put('/api/admin/policy', async (context) => {
    const admin = requirePrincipal(context, 'admin');
    const policy = parseTeamPolicy(await readJsonBody(context.req.raw));
    for (const [name, entry] of Object.entries(policy.defaults))
      if (options.catalog && entry && options.catalog.get(entry.model) === undefined)
        throw new SwitchboardError(
          'INVALID_REQUEST',
          `defaults.${name}.model ${JSON.stringify(entry.model).slice(0, 80)} is not a model of the catalog.`,
          { status: 400 },
        );
    await options.policyStore.set(policy);
    await options.auditLog.record({
      actorUserId: admin.userId,
      action: 'policy-changed',
      target: 'workspace',
      details: {
        allowProviders: policy.allowProviders,
        denyProviders: policy.denyProviders,
        defaults: policy.defaults,
      },
    });
    return context.json({ policy });
  });
}
