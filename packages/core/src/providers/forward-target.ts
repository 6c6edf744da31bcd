import type { NormalizeProviderErrorOptions } from './normalize-provider-error.js';

/** A client API whose requests the runtime can pass to an upstream unchanged (`Runtime.forward`). */
export type WireFormat = 'openai-chat' | 'openai-responses' | 'anthropic-messages';

/**
 * Where and how a route takes a request in the caller's own wire format, byte for byte but for
 * the model id: `ProviderRuntime.forwardTarget` returns it when the route's transport *is* that
 * wire format and the credential can be sent as a header.
 */
export interface ForwardTarget {
  /** The endpoint, e.g. `https://api.openai.com/v1/chat/completions`. */
  url: string;
  /** Authentication and version headers (secrets: never log them). */
  headers: Record<string, string>;
  /**
   * OpenAI chat completions send a stream's usage only when asked
   * (`stream_options.include_usage`); the runtime then asks, and hides the extra chunk from a
   * caller that did not.
   */
  usageOnRequest: boolean;
  /** This upstream's departures from the wire format, applied to the outgoing body in place. */
  adaptBody?(body: Record<string, unknown>): void;
  /** How failures of this route are described (names, secrets to scrub, login hint). */
  errors: Omit<NormalizeProviderErrorOptions, 'signal'>;
}
