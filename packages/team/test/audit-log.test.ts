import { describe, expect, it } from 'vitest';
import { createAuditLog, REDACTED } from '../src/index.js';
import { DATABASE_KINDS, useMigratedDatabase } from './test-databases.js';

const CANARY = 'sk-canary-audit-5b1d0e';

describe.each(DATABASE_KINDS)('audit log on %s', (kind) => {
  it('stores entries redacted and lists them newest first, page by page', async () => {
    const database = await useMigratedDatabase(kind);
    let tick = Date.parse('2026-12-03T10:00:00.000Z');
    const log = createAuditLog({ db: database.db, now: () => new Date((tick += 1000)) });
    await log.record({
      actorUserId: 'u-admin',
      action: 'role-changed',
      target: 'u-bob',
      details: { from: 'user', to: 'admin' },
    });
    await log.record({
      actorUserId: 'u-bob',
      action: 'credential-changed',
      target: 'openai',
      details: { apiKey: CANARY, nested: { client_secret: CANARY, refreshToken: CANARY }, lastFour: 'e0e' },
    });
    await log.record({ action: 'sign-in-failed', details: { method: 'passkey' } });

    const page = await log.list({ limit: 2 });
    expect(page.map((event) => event.action)).toEqual(['sign-in-failed', 'credential-changed']);
    expect(page[1]).toMatchObject({
      actorUserId: 'u-bob',
      target: 'openai',
      details: { apiKey: REDACTED, nested: { client_secret: REDACTED, refreshToken: REDACTED }, lastFour: 'e0e' },
    });
    expect(page[0]?.actorUserId).toBeUndefined();
    const last = page[1];
    if (last === undefined) throw new Error('page too short');
    const rest = await log.list({ limit: 2, before: { at: last.at, id: last.id } });
    expect(rest).toMatchObject([{ action: 'role-changed', details: { from: 'user', to: 'admin' } }]);

    const stored = await database.db.selectFrom('audit_event').select('details').execute();
    expect(JSON.stringify(stored)).not.toContain(CANARY);
  });
});
