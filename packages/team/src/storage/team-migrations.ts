import type { Migration } from 'kysely/migration';
import { settingsMigration } from './migrations/0001-settings.js';
import { auditMigration } from './migrations/0002-audit.js';
import { rateLimitMigration } from './migrations/0003-rate-limit.js';
import { providerCredentialMigration } from './migrations/0004-provider-credential.js';
import { usersAndApiKeysMigration } from './migrations/0005-users-and-api-keys.js';
import { usageMigration } from './migrations/0006-usage.js';
import { conversationMigration } from './migrations/0007-conversation.js';
import { signInMigration } from './migrations/0008-sign-in.js';
import { chatStreamMigration } from './migrations/0009-chat-stream.js';
import { credentialTokenMigration } from './migrations/0010-credential-token.js';
import { chatStreamEndedIndexMigration } from './migrations/0011-chat-stream-ended-index.js';
import { userPreferenceMigration } from './migrations/0012-user-preference.js';

/**
 * Every schema version, in order. Names sort lexically (Kysely applies them in name order and
 * refuses a database that has a migration this list lacks): add new ones at the end with the
 * next number, never rename or edit a landed one.
 */
export const TEAM_MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001-settings': settingsMigration,
  '0002-audit': auditMigration,
  '0003-rate-limit': rateLimitMigration,
  '0004-provider-credential': providerCredentialMigration,
  '0005-users-and-api-keys': usersAndApiKeysMigration,
  '0006-usage': usageMigration,
  '0007-conversation': conversationMigration,
  '0008-sign-in': signInMigration,
  '0009-chat-stream': chatStreamMigration,
  '0010-credential-token': credentialTokenMigration,
  '0011-chat-stream-ended-index': chatStreamEndedIndexMigration,
  '0012-user-preference': userPreferenceMigration,
};
