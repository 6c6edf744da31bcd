import { describe, expect, it } from 'vitest';
import { createAuditLog, createTeamApp } from '../src/index.js';
import type { Principal } from '../src/index.js';
import { DATABASE_KINDS, useMigratedDatabase } from './test-databases.js';

const ADMIN: Principal = { userId: 'u-admin', role: 'admin', method: 'passkey' };

interface Page {
  events: { id: string; at: string; target?: string }[];
  next?: string;
}

describe.each(DATABASE_KINDS)('audit API on %s', (kind) => {
  it('pages the log newest first with next, through events sharing a millisecond, and refuses a bad cursor', async () => {
    const database = await useMigratedDatabase(kind);
    // Two events per millisecond: the cursor must tell them apart by id.
    let tick = 0;
    const auditLog = createAuditLog({
      db: database.db,
      now: () => new Date(Date.parse('2026-12-03T10:00:00.000Z') + Math.floor(tick++ / 2)),
    });
    for (let index = 0; index < 5; index += 1)
      await auditLog.record({ actorUserId: ADMIN.userId, action: 'policy-changed', target: `t${index}` });
    const app = createTeamApp({ database, auditLog, resolvePrincipal: async () => ADMIN });
    const read = async (query: string) => {
      const response = await app.request(`/api/admin/audit${query}`);
      expect(response.status).toBe(200);
      return (await response.json()) as Page;
    };

    // Within a millisecond the order is by id (random), so the whole log in one page is the reference.
    const whole = await read('?limit=10');
    expect(whole.events).toHaveLength(5);
    expect(whole.next).toBeUndefined();
    const first = await read('?limit=2');
    expect(first.events).toEqual(whole.events.slice(0, 2));
    expect(first.next).toBe(`${first.events[1]?.at}|${first.events[1]?.id}`);
    const second = await read(`?limit=2&before=${encodeURIComponent(first.next ?? '')}`);
    const third = await read(`?limit=2&before=${encodeURIComponent(second.next ?? '')}`);
    const seen = [...first.events, ...second.events, ...third.events].map((event) => event.target);
    expect(seen).toEqual(whole.events.map((event) => event.target));
    // Newest first: t4 alone has the last millisecond, t1 and t0 share the first.
    expect(seen[0]).toBe('t4');
    expect(new Set(seen.slice(3))).toEqual(new Set(['t1', 't0']));
    // A short page is the last: no next.
    expect(third.next).toBeUndefined();

    const bad = await app.request('/api/admin/audit?before=yesterday');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toBe(
      'before must be the next value of an earlier page.',
    );
  });
});
