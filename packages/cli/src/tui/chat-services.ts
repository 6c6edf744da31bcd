import type {
  AuthManager,
  Catalog,
  ChatRequest,
  Environment,
  QuotaSnapshot,
  SessionExhaustion,
  StreamEvent,
  SwitchboardConfig,
  SwitchModelResult,
} from '@switchboard/core';

/**
 * What the chat needs from the rest of Switchboard. Built once per `sb chat` from the opened
 * home (see open-chat-services.ts); tests build it from a temp home and testkit's fakes.
 */
export interface ChatServices {
  readonly auth: AuthManager;
  readonly catalog: Catalog;
  readonly environment: Environment;
  /** `$SWITCHBOARD_HOME`, for /status. */
  readonly homePath: string;
  /** Whether a browser can be opened here (false over SSH, in CI, on headless Linux). */
  readonly canOpenBrowser: boolean;
  /** Reads config.toml again (another terminal may have changed it). */
  loadConfig(): Promise<SwitchboardConfig>;
  /**
   * Calls `listener` whenever the configuration changes — through this chat or another process
   * (`sb use` in another terminal). Returns the function that stops it.
   */
  watchConfig(listener: (config: SwitchboardConfig) => void): () => void;
  /** Streams one answer through the provider runtime (routing, refresh, fallback before the first byte). */
  stream(request: ChatRequest): AsyncIterable<StreamEvent>;
  /**
   * Persists the model and the login that serves it together (core's `switchModel`, as
   * `sb use`): config.toml `model`, `active_auth_provider`, `active_auth_method`.
   */
  switchModel(modelId: string): Promise<SwitchModelResult>;
  openUrl(url: string): Promise<boolean>;
  /** The plan usage windows providers last reported (quota.json), for /status. */
  readQuota?(): Promise<readonly QuotaSnapshot[]>;
  /**
   * Subscription sessions whose plan ran out, as every process of the home records them: the
   * chat's runtime's own view, so a limit its last request hit counts at once.
   */
  readonly exhaustion?: Pick<SessionExhaustion, 'until'>;
  /** Clock, epoch ms. */
  now(): number;
  /** Writes what the runtime still holds (the usage lines of the last answers): called as the chat ends. */
  flush(): Promise<void>;
}
