import { stringify } from 'smol-toml';
import type { SwitchboardPaths } from './paths.js';
import { assertLockHeld, withFileLock } from './file-lock.js';
import { writeFileAtomic } from '../internal/write-file-atomic.js';
import { parseConfigText, readConfigFile } from './load-config.js';
import { backupLegacyFile } from './backup-legacy-file.js';
import { editConfigText } from './edit-config-text.js';
import type { ConfigFile } from './config-schema.js';

/**
 * Read-modify-write of config.toml under the config lock, written atomically.
 * `mutate` edits the on-disk (snake_case) document in place; unknown keys are kept, and so are
 * the user's comments and layout when only top-level keys change (see `editConfigText`).
 * An invalid file is never overwritten: the read throws `INVALID_CONFIG` first.
 */
export async function updateConfigFile(
  paths: SwitchboardPaths,
  mutate: (document: ConfigFile) => void,
): Promise<ConfigFile> {
  return withFileLock(paths.configLock, async (held) => {
    const { raw, text: before } = await readConfigFile(paths.config);
    const document = structuredClone(raw);
    mutate(document);
    const text = editConfigText(before, raw, document) ?? stringify(document);
    // Validate what we are about to write so a bad mutation cannot corrupt the file.
    await parseConfigText(text, paths.config);
    assertLockHeld(held);
    await writeFileAtomic(paths.config, text, { mode: 0o600 });
    return document;
  });
}

/**
 * Migrates legacy keys in config.toml: `using_chatgpt_auth = true|false` becomes
 * `active_auth_provider = "openai"` with `active_auth_method = "oauth"|"api-key"`.
 * The original is kept as `config.toml.bak` (or the next free `.bak.N`), mode 0600. Returns whether anything changed.
 */
export async function migrateConfigFile(paths: SwitchboardPaths): Promise<boolean> {
  const { raw } = await readConfigFile(paths.config);
  if (raw.using_chatgpt_auth === undefined) return false;
  return withFileLock(paths.configLock, async (held) => {
    const { raw: current, text } = await readConfigFile(paths.config);
    if (current.using_chatgpt_auth === undefined) return false;
    // An older config.toml.bak (the user's own, or an earlier migration's) is never replaced.
    await backupLegacyFile(paths.config, text);
    const document: ConfigFile = { ...current };
    const usingChatGpt = document.using_chatgpt_auth;
    delete document.using_chatgpt_auth;
    document.active_auth_provider ??= 'openai';
    document.active_auth_method ??= usingChatGpt ? 'oauth' : 'api-key';
    const next = editConfigText(text, current, document) ?? stringify(document);
    await parseConfigText(next, paths.config);
    assertLockHeld(held);
    if (next !== text) await writeFileAtomic(paths.config, next, { mode: 0o600 });
    return true;
  });
}
