import { passkey } from '@better-auth/passkey';
import { getMigrations } from 'better-auth/db/migration';
import { describe, expect, it } from 'vitest';
import { DATABASE_KINDS, useMigratedDatabase } from './test-databases.js';

describe.each(DATABASE_KINDS)('the sign-in tables on %s', (kind) => {
  it('are exactly what better-auth and its passkey plugin read and write', async () => {
    const database = await useMigratedDatabase(kind);
    // better-auth's own planner, configured as createTeamAuth configures it: nothing to create or add.
    const planned = await getMigrations({
      database: { db: database.db, type: kind === 'postgres' ? 'postgres' : 'sqlite' },
      user: { modelName: 'auth_user' },
      session: {
        modelName: 'auth_session',
        additionalFields: { signInMethod: { type: 'string', required: false, input: false } },
      },
      account: { modelName: 'auth_account' },
      verification: { modelName: 'auth_verification' },
      plugins: [passkey({ schema: { passkey: { modelName: 'auth_passkey' } } })],
    });
    expect(planned.toBeCreated).toEqual([]);
    expect(planned.toBeAdded).toEqual([]);
  });
});
