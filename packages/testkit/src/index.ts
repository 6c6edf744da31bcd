// OAuth / OIDC test server (oidc-provider) and the headless user that drives it.
export { startOAuthServer } from './oauth-server/start-oauth-server.js';
export type {
  GrantsServed,
  OAuthServer,
  OAuthServerEndpoints,
  OAuthServerFault,
  OAuthServerOptions,
  WebClient,
} from './oauth-server/types.js';
export { createCookieJar } from './oauth-server/create-cookie-jar.js';
export type { CookieJar } from './oauth-server/create-cookie-jar.js';
export { completeBrowserLogin, completeDeviceLogin, denyBrowserLogin } from './oauth-server/headless-user.js';
export { genericOAuthToml } from './oauth-server/generic-oauth-toml.js';
export type { BrowserLoginOptions, BrowserLoginResult, DeviceLoginOptions } from './oauth-server/headless-user.js';

export { freeLoopbackPort } from './free-loopback-port.js';

// Fake of auth.openai.com (ChatGPT sign-in exactly as the Codex CLI does it), held to the real rules.
export { startChatGptAuthServer } from './chatgpt-auth/start-chatgpt-auth-server.js';
export type {
  ChatGptAuthFault,
  ChatGptAuthServer,
  ChatGptAuthServerOptions,
  RefusedRequest,
} from './chatgpt-auth/types.js';

// Fake provider upstreams (OpenAI chat + Responses, Codex, Anthropic, Gemini, Code Assist,
// Mistral, Azure, Vertex, Bedrock) with fault injection and request recording.
export { startFakeUpstream } from './upstreams/start-fake-upstream.js';
export { defaultAnswerText } from './upstreams/build-reply.js';
export { UPSTREAM_PROVIDERS } from './upstreams/types.js';
export { DEFAULT_CODEX_USAGE } from './upstreams/codex-usage.js';
export { createCloudHostsFetch, createHostMappingFetch } from './upstreams/create-host-mapping-fetch.js';
export type { HostMapping, HostMappingFetchOptions } from './upstreams/create-host-mapping-fetch.js';
export { VERTEX_ANTHROPIC_VERSION } from './upstreams/vertex-rules.js';

export type {
  BehaviorTarget,
  CredentialExpectation,
  FakeUpstream,
  FakeUpstreamBaseUrls,
  FakeCodexUsage,
  FakeCodexWindow,
  FakeUpstreamOptions,
  FakeUsage,
  GeminiOAuthExpectation,
  RecordedRequest,
  UpstreamBehavior,
  ScriptedExchange,
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
export { installRealAgents, PINNED_AGENTS } from './agents/install-real-agents.js';
export type { InstallRealAgentsOptions, InstalledAgents, PinnedAgent } from './agents/install-real-agents.js';
// HTTPS-intercepting forward proxy with its own CA (corporate networks), and that CA.
export { startInterceptingProxy } from './intercepting-proxy/start-intercepting-proxy.js';
export type {
  InterceptingProxy,
  InterceptingProxyOptions,
  ProxiedExchange,
} from './intercepting-proxy/start-intercepting-proxy.js';
export { createTestCertificateAuthority } from './intercepting-proxy/create-test-ca.js';
export type { TestCertificate, TestCertificateAuthority } from './intercepting-proxy/create-test-ca.js';

// Fake of Google's token endpoint (JWT-bearer, refresh_token) and a GCE metadata server.
export { startFakeGoogleAuth } from './google-auth/start-fake-google-auth.js';
export type {
  FakeGoogleAuth,
  FakeGoogleAuthOptions,
  FakeGoogleAuthRequest,
  FakeServiceAccount,
} from './google-auth/start-fake-google-auth.js';

// Fake AWS IAM Identity Center portal (GetRoleCredentials) for SSO profiles.
export { startFakeAwsSso } from './aws-sso/start-fake-aws-sso.js';
export type { FakeAwsSso, FakeAwsSsoOptions, FakeSsoLogin } from './aws-sso/start-fake-aws-sso.js';

// A WebAuthn authenticator in software: passkey ceremonies without a browser.
export { createSoftwareAuthenticator } from './webauthn/create-software-authenticator.js';
export type {
  AuthenticationResponseJson,
  CreationOptionsJson,
  RegistrationResponseJson,
  RequestOptionsJson,
  SoftwareAuthenticator,
  SoftwareCredential,
} from './webauthn/create-software-authenticator.js';
export { encodeCbor } from './webauthn/encode-cbor.js';
export type { CborValue } from './webauthn/encode-cbor.js';
