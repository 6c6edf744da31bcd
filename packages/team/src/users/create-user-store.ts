import { randomUUID } from 'node:crypto';
import { SwitchboardError } from '@switchboard/core';
import type { Kysely } from 'kysely';
import type { TeamRole } from '../app/principal.js';
import { isUniqueViolation } from '../storage/is-unique-violation.js';
import type { TeamTables } from '../storage/team-schema.js';

/** A team member as stored. */
export interface TeamUser {
  readonly id: string;
  readonly email: string | null;
  readonly role: TeamRole;
  readonly createdAt: string;
  readonly disabled: boolean;
}

/** The team's members: who they are and their role (sign-in attaches identities to them). */
export interface UserStore {
  create(options: { email?: string; role: TeamRole; id?: string }): Promise<TeamUser>;
  get(id: string): Promise<TeamUser | undefined>;
  /** Every member, oldest first. */
  list(): Promise<TeamUser[]>;
  setRole(id: string, role: TeamRole): Promise<void>;
  /** Disabled members can no longer sign in any way (their API keys stop working at once). */
  setDisabled(id: string, disabled: boolean): Promise<void>;
}

/** The user store in the team database. */
export function createUserStore(options: { db: Kysely<TeamTables>; now?: () => Date }): UserStore {
  const { db } = options;
  const now = options.now ?? (() => new Date());
  return {
    async create(input) {
      const row = {
        id: input.id ?? randomUUID(),
        email: input.email ?? null,
        role: input.role,
        created_at: now().toISOString(),
        disabled_at: null,
      };
      // The member's sign-in side (better-auth's user, same id): passkeys and sessions hang on it.
      // better-auth needs a unique email; a member without one gets an address that cannot exist.
      await db.transaction().execute(async (transaction) => {
        await transaction.insertInto('team_user').values(row).execute();
        await transaction
          .insertInto('auth_user')
          .values({
            id: row.id,
            name: input.email ?? row.id,
            email: (input.email ?? `${row.id}@member.invalid`).toLowerCase(),
            emailVerified: 0,
            image: null,
            createdAt: row.created_at,
            updatedAt: row.created_at,
          })
          .execute()
          .catch((error: unknown) => {
            throw isUniqueViolation(error)
              ? new SwitchboardError('INVALID_REQUEST', 'A member with that email address exists already.', {
                  status: 409,
                })
              : error;
          });
      });
      return { id: row.id, email: row.email, role: input.role, createdAt: row.created_at, disabled: false };
    },
    async get(id) {
      const row = await db.selectFrom('team_user').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? userOf(row) : undefined;
    },
    async list() {
      const rows = await db.selectFrom('team_user').selectAll().orderBy('created_at').orderBy('id').execute();
      return rows.map(userOf);
    },
    async setRole(id, role) {
      await db.updateTable('team_user').set({ role }).where('id', '=', id).execute();
    },
    async setDisabled(id, disabled) {
      await db
        .updateTable('team_user')
        .set({ disabled_at: disabled ? now().toISOString() : null })
        .where('id', '=', id)
        .execute();
    },
  };
}

function userOf(row: {
  id: string;
  email: string | null;
  role: string;
  created_at: string;
  disabled_at: string | null;
}): TeamUser {
  return {
    id: row.id,
    email: row.email,
    role: row.role === 'admin' ? 'admin' : 'user',
    createdAt: row.created_at,
    disabled: row.disabled_at !== null,
  };
}
