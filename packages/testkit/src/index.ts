// OAuth / OIDC test server (oidc-provider) and the headless user that drives it.
export { startOAuthServer } from './oauth-server/start-oauth-server.js';
export type {
  GrantsServed,
  OAuthServer,
  OAuthServerEndpoints,
  OAuthServerFault,
  OAuthServerOptions,
} from './oauth-server/types.js';
export { completeBrowserLogin, completeDeviceLogin, denyBrowserLogin } from './oauth-server/headless-user.js';
export type { BrowserLoginOptions, BrowserLoginResult, DeviceLoginOptions } from './oauth-server/headless-user.js';

// Fake provider upstreams (OpenAI chat + Responses, Codex, Anthropic, Gemini, Code Assist,
// Mistral, Azure, Vertex, Bedrock) with fault injection and request recording.
export { startFakeUpstream } from './upstreams/start-fake-upstream.js';
export { defaultAnswerText } from './upstreams/build-reply.js';
export { UPSTREAM_PROVIDERS } from './upstreams/types.js';
export type {
  BehaviorTarget,
  CredentialExpectation,
  FakeUpstream,
  FakeUpstreamBaseUrls,
  FakeUpstreamOptions,
  FakeUsage,
  RecordedRequest,
  UpstreamBehavior,
  UpstreamProtocol,
  UpstreamProvider,
} from './upstreams/types.js';
// Fake vendor CLIs for the CLI bridges: `claude` (print mode, stream-json), `gemini` (headless
// stream-json), `codex` (exec --json); each refuses what the real CLI refuses.
export {
  fakeClaudeScriptPath,
  fakeCodexScriptPath,
  fakeGeminiScriptPath,
  installFakeClaude,
  installFakeCodex,
  installFakeGemini,
} from './fake-claude/install-fake-claude.js';
export type {
  FakeClaudeEnvironment,
  FakeCodexEnvironment,
  FakeGeminiEnvironment,
} from './fake-claude/install-fake-claude.js';
