/**
 * The part of core `sb` needs on its startup path (`sb --version`, `sb auth status`): opening a
 * home, the AuthManager, session names, the CLI bridges' login state. A bundler splitting the
 * CLI by command sees only this module graph from these commands, so the runtime, the catalog
 * and full zod stay out of their chunks (startup time is a measured goal: bench/cold-start.js).
 * Everything here is also exported by the package's main entry.
 * @packageDocumentation
 */
export { openSwitchboard, type OpenSwitchboardOptions, type SwitchboardHome } from './open-switchboard.js';
export { readProcessEnvironment, type Environment } from './config/environment.js';
export { IMPORT_SOURCES, type ImportSource } from './auth/import/import-types.js';
export { parseSessionRef, type SessionRef } from './auth/session-ref.js';
export { detectCliBridge, type CliBridgeLoginState } from './auth/detect-cli-bridge.js';
export { isCliBridgeMethod, type AuthMethod } from './ids.js';
export { SwitchboardError } from './errors.js';
export type { LoginOptions, ProviderStatus, SessionStatus } from './auth/types.js';
export type { ProviderProfile } from './catalog/provider-profiles.js';
export { createSessionExhaustion, type SessionExhaustion } from './runtime/session-exhaustion.js';
export { formatResetTime } from './runtime/format-reset-time.js';
