import { SwitchboardError } from '@switchboard/core';
import type { Kysely } from 'kysely';
import type { TeamTables } from '../storage/team-schema.js';
import { DEFAULT_TEAM_POLICY, parseTeamPolicy } from './team-policy.js';
import type { TeamPolicy } from './team-policy.js';

/** The `team_setting` key the policy is stored under. */
const POLICY_KEY = 'policy';

/** The workspace policy as stored in the team database. */
export interface PolicyStore {
  /**
   * The current policy, read from the database on every call so that a change made through
   * any instance is seen by all of them at once.
   */
  get(): Promise<TeamPolicy>;
  /** Stores a policy already checked with `parseTeamPolicy`. */
  set(policy: TeamPolicy): Promise<void>;
}

/** Options of {@link createPolicyStore}. */
export interface PolicyStoreOptions {
  readonly db: Kysely<TeamTables>;
  readonly now?: () => Date;
}

/** The workspace policy kept in one `team_setting` row, shared by every instance. */
export function createPolicyStore(options: PolicyStoreOptions): PolicyStore {
  const now = options.now ?? (() => new Date());
  return {
    async get() {
      const row = await options.db
        .selectFrom('team_setting')
        .select('value')
        .where('key', '=', POLICY_KEY)
        .executeTakeFirst();
      if (row === undefined) return DEFAULT_TEAM_POLICY;
      try {
        return parseTeamPolicy(JSON.parse(row.value));
      } catch {
        // The row is left as it is so an operator can inspect it; saving a new policy replaces it.
        throw new SwitchboardError(
          'INVALID_CONFIG',
          'The stored workspace policy is unreadable; an admin can save the policy again to replace it.',
        );
      }
    },
    async set(policy) {
      const value = JSON.stringify(policy);
      const updatedAt = now().toISOString();
      await options.db
        .insertInto('team_setting')
        .values({ key: POLICY_KEY, value, updated_at: updatedAt })
        .onConflict((conflict) => conflict.column('key').doUpdateSet({ value, updated_at: updatedAt }))
        .execute();
    },
  };
}
