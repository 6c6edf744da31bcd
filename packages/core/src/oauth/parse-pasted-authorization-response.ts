import { SwitchboardError } from '../errors.js';

/** What the user pasted, reduced to the authorization response parameters. */
export interface PastedAuthorizationResponse {
  code: string;
  /** Absent when a bare code was pasted. */
  state?: string;
  /** The `iss` response parameter (RFC 9207), when the pasted URL had one. */
  iss?: string;
}

/** Options of {@link parsePastedAuthorizationResponse}. */
export interface ParsePastedAuthorizationResponseOptions {
  /** The state of this login; a pasted URL must carry exactly this one. */
  expectedState: string;
  provider?: string;
}

const MAX_INPUT_LENGTH = 8192;

/**
 * Parses what a user pasted in the paste-code flow: the full redirect URL from the browser's
 * address bar (`http://127.0.0.1:1455/auth/callback?code=…&state=…`), just its query
 * (`?code=…&state=…`), a bare code, or `code#state` (the form some providers display).
 *
 * A URL or query must carry this login's state. Error messages never repeat the input.
 * @throws SwitchboardError `INVALID_INPUT` (nothing usable), `OAUTH_STATE_MISMATCH`, or
 *   `OAUTH_FAILED` (the pasted URL is an error response).
 */
export function parsePastedAuthorizationResponse(
  input: string,
  options: ParsePastedAuthorizationResponseOptions,
): PastedAuthorizationResponse {
  const { provider } = options;
  const text = input.trim().replace(/^["'<]+|["'>]+$/g, '');
  if (text.length === 0) {
    throw new SwitchboardError(
      'INVALID_INPUT',
      'Nothing was pasted. Paste the full address the browser ended on, or the code it shows.',
      {
        provider,
      },
    );
  }
  if (text.length > MAX_INPUT_LENGTH) {
    throw new SwitchboardError('INVALID_INPUT', 'The pasted text is too long to be a sign-in address or code.', {
      provider,
    });
  }

  let parameters: URLSearchParams | undefined;
  if (/^https?:\/\//i.test(text)) {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw new SwitchboardError(
        'INVALID_INPUT',
        'The pasted address is not a valid URL. Copy the whole address from the browser.',
        { provider },
      );
    }
    parameters = new URLSearchParams(url.search);
    // Some servers answer in the fragment (response_mode=fragment).
    if (!parameters.has('code') && !parameters.has('error') && url.hash.length > 1)
      parameters = new URLSearchParams(url.hash.slice(1));
    if (
      !parameters.has('code') &&
      !parameters.has('error') &&
      parameters.has('client_id') &&
      parameters.has('response_type')
    ) {
      throw new SwitchboardError(
        'INVALID_INPUT',
        'That is the sign-in address itself. Open it, finish signing in, then paste the address the browser ends on (it will fail to load; that is expected).',
        { provider },
      );
    }
  } else if (text.startsWith('?') || /(^|&)(code|error)=/.test(text)) {
    parameters = new URLSearchParams(text.startsWith('?') ? text.slice(1) : text);
  }

  if (parameters === undefined) {
    const [code, state, ...rest] = text.split('#');
    if (
      !code ||
      rest.length > 0 ||
      !/^[\x21-\x7e]+$/.test(code) ||
      (state !== undefined && !/^[\x21-\x7e]+$/.test(state))
    ) {
      throw new SwitchboardError(
        'INVALID_INPUT',
        'That does not look like a sign-in address or code. Paste the full address the browser ended on.',
        {
          provider,
        },
      );
    }
    if (state !== undefined) checkState(state, options);
    return { code, ...(state === undefined ? {} : { state }) };
  }

  const state = parameters.get('state');
  if (state === null) {
    throw new SwitchboardError(
      'OAUTH_STATE_MISMATCH',
      'The pasted address carries no state, so it cannot be matched to this login. Paste the complete address from the browser, or start the login again.',
      { provider, isRetryable: false },
    );
  }
  checkState(state, options);
  const error = parameters.get('error');
  if (error !== null) {
    const safeError = /^[A-Za-z0-9_.-]{1,64}$/.test(error) ? error : 'unknown_error';
    throw new SwitchboardError(
      'OAUTH_FAILED',
      `The sign-in failed at the provider (${safeError}). Run the login again.`,
      {
        provider,
        isRetryable: false,
      },
    );
  }
  const code = parameters.get('code');
  if (!code) {
    throw new SwitchboardError(
      'INVALID_INPUT',
      'The pasted address has no authorization code. Paste the address the browser ends on after signing in.',
      {
        provider,
      },
    );
  }
  const iss = parameters.get('iss');
  return { code, state, ...(iss ? { iss } : {}) };
}

function checkState(state: string, options: ParsePastedAuthorizationResponseOptions): void {
  if (state !== options.expectedState) {
    throw new SwitchboardError(
      'OAUTH_STATE_MISMATCH',
      'The pasted address belongs to a different login (state mismatch). Paste the address from the sign-in you opened for this login, or start again.',
      { provider: options.provider, isRetryable: false },
    );
  }
}
