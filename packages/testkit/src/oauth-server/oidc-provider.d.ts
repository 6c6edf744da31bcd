// oidc-provider ships no type declarations; this is the narrow surface testkit uses.
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  export interface AdapterPayload {
    [key: string]: unknown;
    grantId?: string;
    userCode?: string;
    uid?: string;
    consumed?: number;
  }

  export interface Adapter {
    upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void>;
    find(id: string): Promise<AdapterPayload | undefined>;
    findByUserCode(userCode: string): Promise<AdapterPayload | undefined>;
    findByUid(uid: string): Promise<AdapterPayload | undefined>;
    consume(id: string): Promise<void>;
    destroy(id: string): Promise<void>;
    revokeByGrantId(grantId: string): Promise<void>;
  }

  export interface ProviderClient {
    clientId: string;
    clientAuthMethod: string;
    grantTypeAllowed(grantType: string): boolean;
  }

  export interface ProviderToken {
    clientId?: string;
  }

  /** The Koa context, as far as testkit reads or writes it. */
  export interface ProviderContext {
    path: string;
    method: string;
    status: number;
    body: unknown;
    type: string;
    oidc?: { params?: Record<string, unknown> };
  }

  // The configuration object is wide and deeply optional; testkit builds it in one place
  // (build-provider-configuration.ts) and oidc-provider validates it at construction.
  export type Configuration = Record<string, unknown>;

  export default class Provider {
    constructor(issuer: string, configuration: Configuration);
    readonly issuer: string;
    callback(): (request: IncomingMessage, response: ServerResponse) => void;
    use(middleware: (context: ProviderContext, next: () => Promise<void>) => Promise<void>): this;
    on(event: 'grant.success', listener: (context: ProviderContext) => void): this;
    on(event: string, listener: (...args: unknown[]) => void): this;
  }

  export const errors: {
    InvalidRequest: new (description?: string) => Error;
  };
}
