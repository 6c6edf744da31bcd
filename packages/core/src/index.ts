/**
 * @switchboard/core — the engine: model catalog, encrypted credential vault, OAuth flows,
 * the multi-provider AuthManager and the provider runtime.
 * @packageDocumentation
 */
export * from './errors.js';
export * from './ids.js';
export * from './catalog/provider-profiles.js';
export * from './config/paths.js';
export * from './config/environment.js';
export * from './config/config-schema.js';
export * from './config/load-config.js';
export * from './config/update-config.js';
export * from './config/write-file-atomic.js';
export * from './config/file-lock.js';
export * from './vault/session.js';
export * from './vault/secret-store.js';
export * from './oauth/types.js';
export * from './auth/types.js';
export * from './auth/import/import-types.js';
export * from './auth/import/import-sessions.js';
export * from './auth/import/read-codex-auth.js';
export * from './auth/import/read-gemini-auth.js';
export * from './auth/import/read-opencode-auth.js';
export * from './auth/import/detect-claude-code.js';
export * from './oauth/create-oauth-configuration.js';
export * from './oauth/map-oauth-error.js';
export * from './oauth/loopback-listener.js';
export * from './oauth/create-authorization-request.js';
export * from './oauth/login-with-browser.js';
export * from './oauth/parse-pasted-authorization-response.js';
export * from './oauth/login-with-paste-code.js';
export * from './oauth/login-with-device-code.js';
export * from './oauth/client-credentials.js';
export * from './oauth/refresh-tokens.js';
export * from './oauth/revoke-token.js';
export * from './oauth/decode-id-token-claims.js';
export * from './oauth/account-facts.js';
export * from './catalog/transport.js';
export * from './catalog/model-schema.js';
export * from './catalog/models.js';
export * from './catalog/create-catalog.js';
export * from './catalog/merge-custom-catalog.js';
export * from './catalog/custom-catalog-schema.js';
export * from './catalog/format-model-label.js';
export * from './catalog/closest-ids.js';
