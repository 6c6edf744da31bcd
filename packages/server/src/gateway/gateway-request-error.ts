import { SwitchboardError, type ErrorCode, type SwitchboardErrorOptions } from '@switchboard/core';

/** Extra wire detail of an error the gateway itself raises about a request. */
export interface GatewayRequestErrorOptions extends SwitchboardErrorOptions {
  /** The request field at fault (OpenAI's `error.param`), e.g. `messages.0.role`. */
  param?: string;
  /** The API's own error code, when it has a well-known one (`invalid_api_key`). */
  apiCode?: string;
}

/**
 * A {@link SwitchboardError} raised by the gateway about the request itself (bad token, bad
 * JSON, a field of the wrong type, a body too large), carrying the field at fault so the
 * OpenAI shape can fill `param`.
 */
export class GatewayRequestError extends SwitchboardError {
  readonly param: string | undefined;
  readonly apiCode: string | undefined;

  constructor(code: ErrorCode, message: string, options: GatewayRequestErrorOptions = {}) {
    super(code, message, options);
    this.name = 'GatewayRequestError';
    this.param = options.param;
    this.apiCode = options.apiCode;
  }
}
