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
