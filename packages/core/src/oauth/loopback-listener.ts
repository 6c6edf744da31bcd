import type { IncomingMessage, ServerResponse } from 'node:http';
import { SwitchboardError } from '../errors.js';
import { bindLoopbackServers } from './bind-loopback-servers.js';
import { scrubServerText } from '../internal/redact-secrets.js';
import { renderCallbackPage } from './render-callback-page.js';

/** Options of {@link startLoopbackListener}. */
export interface LoopbackListenerOptions {
  /** Preferred port; 0 or absent = an ephemeral port. */
  port?: number;
  /** Ports tried, in order, when `port` is taken. */
  fallbackPorts?: number[];
  /** Callback path. Default `/callback`. */
  path?: string;
  /**
   * Host named in the redirect_uri. Default `127.0.0.1`; with `localhost` the listener
   * answers on 127.0.0.1 and ::1 alike.
   */
  host?: 'localhost' | '127.0.0.1';
  /**
   * The `state` sent in the authorization request. A callback with another one (a stray or
   * forged request) is answered 400 and the listener keeps waiting for the right one.
   */
  expectedState: string;
  /** Cancels the wait (→ `CANCELLED`). */
  signal?: AbortSignal;
  /** How long to wait for the callback. Default 5 minutes (→ `TIMEOUT`). */
  timeoutMs?: number;
  /** Provider id, for hints in errors. */
  provider?: string;
}

/** A listening loopback callback server. */
export interface LoopbackListener {
  /** `http://127.0.0.1:<port><path>` (or `localhost`): send it as redirect_uri. */
  redirectUri: string;
  port: number;
  /**
   * Resolves with the callback URL (redirect_uri + the callback's query) once a callback
   * with the expected state arrives; rejects on error=…, state mismatch, timeout or cancel.
   * The server is closed once it settles.
   */
  callback: Promise<URL>;
  /** Stops listening (idempotent); a pending `callback` rejects with `CANCELLED`. */
  close(): Promise<void>;
}

const DEFAULT_TIMEOUT_MS = 5 * 60_000;
/** Connections still open this long after closing (a browser's keep-alive) are cut. */
const CLOSE_GRACE_MS = 1_000;

/**
 * Starts the loopback redirect listener of the authorization code flow (RFC 8252 §7.3).
 *
 * Binds loopback only (never all interfaces), on `port`, then each of `fallbackPorts` when
 * taken, or an ephemeral port. Serves only `path` (404 elsewhere) and validates `state`: a
 * mismatch answers 400 and is otherwise ignored, so a stray request to a well-known port
 * (ChatGPT's is fixed) cannot end a login in progress; the Codex CLI does the same
 * (codex-rs/login/src/server.rs answers "State mismatch" 400 and keeps looping). Shows a
 * small success or error page, and always closes the servers when done.
 * @throws SwitchboardError `OAUTH_FAILED` when every configured port is taken.
 */
export async function startLoopbackListener(options: LoopbackListenerOptions): Promise<LoopbackListener> {
  const path = options.path ?? '/callback';
  const host = options.host ?? '127.0.0.1';
  const { servers, port } = await bindLoopbackServers({
    ports: candidatePorts(options),
    dualStack: host === 'localhost',
    onRequest: (request, response) => handleRequest(request, response),
    ...(options.provider ? { provider: options.provider } : {}),
  });
  const redirectUri = `http://${host}:${port}${path}`;

  let settled = false;
  let resolveCallback!: (url: URL) => void;
  let rejectCallback!: (error: SwitchboardError) => void;
  const callback = new Promise<URL>((resolve, reject) => {
    resolveCallback = resolve;
    rejectCallback = reject;
  });
  // The caller may attach its handler later (after opening the browser).
  callback.catch(() => undefined);

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= Promise.all(
      servers.map(
        (server) =>
          new Promise<void>((resolve) => {
            server.close(() => resolve());
            server.closeIdleConnections();
            setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS).unref();
          }),
      ),
    ).then(() => undefined);
    return closing;
  };

  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const timer = setTimeout(() => {
    settle(
      new SwitchboardError(
        'TIMEOUT',
        `No sign-in arrived within ${formatDuration(timeoutMs)}. Run the login again, or use the device or paste-code method if the browser cannot reach this machine.`,
        { provider: options.provider, isRetryable: false },
      ),
    );
  }, timeoutMs);
  timer.unref();
  const onAbort = (): void =>
    settle(new SwitchboardError('CANCELLED', 'The login was cancelled.', { provider: options.provider }));

  function settle(outcome: URL | SwitchboardError): void {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
    if (outcome instanceof URL) resolveCallback(outcome);
    else rejectCallback(outcome);
    void close();
  }

  function handleRequest(request: IncomingMessage, response: ServerResponse): void {
    const url = new URL(request.url ?? '/', redirectUri);
    if (url.pathname !== path) {
      respond(response, 404, {
        ok: false,
        title: 'Not found',
        message: 'This address only receives the sign-in callback.',
      });
      return;
    }
    if (request.method !== 'GET') {
      response.setHeader('Allow', 'GET');
      respond(response, 405, {
        ok: false,
        title: 'Method not allowed',
        message: 'The sign-in callback is a GET request.',
      });
      return;
    }
    if (settled) {
      respond(response, 409, {
        ok: false,
        title: 'Already finished',
        message: 'This login has already finished. You can close this tab.',
      });
      return;
    }
    const parameters = url.searchParams;
    if (parameters.get('state') !== options.expectedState) {
      respond(response, 400, {
        ok: false,
        title: 'Sign-in rejected',
        message:
          'This sign-in response does not belong to the login in progress (state mismatch). If you started a login, finish it in the browser tab it opened.',
      });
      return;
    }
    const error = parameters.get('error');
    if (error !== null) {
      const safeError = /^[A-Za-z0-9_.-]{1,64}$/.test(error) ? error : 'unknown_error';
      const rawDescription = parameters.get('error_description');
      const description = rawDescription ? scrubServerText(rawDescription) : '';
      respond(response, 400, {
        ok: false,
        title: 'Sign-in failed',
        message: `The provider returned an error (${safeError})${description ? `: ${description}` : ''}. You can close this tab and return to the terminal.`,
      });
      settle(
        new SwitchboardError(
          'OAUTH_FAILED',
          `The sign-in failed at the provider (${safeError})${description ? `: "${description}"` : ''}. Run the login again.`,
          { provider: options.provider, isRetryable: false },
        ),
      );
      return;
    }
    if (!parameters.get('code')) {
      respond(response, 400, {
        ok: false,
        title: 'Sign-in failed',
        message: 'The callback carried no authorization code. Start the login again.',
      });
      settle(
        new SwitchboardError(
          'OAUTH_FAILED',
          'The sign-in callback carried no authorization code. Run the login again.',
          { provider: options.provider, isRetryable: false },
        ),
      );
      return;
    }
    respond(response, 200, {
      ok: true,
      title: 'Signed in',
      message: 'You are signed in to Switchboard. You can close this tab and return to the terminal.',
    });
    const callbackUrl = new URL(redirectUri);
    callbackUrl.search = url.search;
    settle(callbackUrl);
  }

  if (options.signal?.aborted) onAbort();
  else options.signal?.addEventListener('abort', onAbort, { once: true });

  return {
    redirectUri,
    port,
    callback,
    close: () => {
      settle(new SwitchboardError('CANCELLED', 'The login was cancelled.', { provider: options.provider }));
      return close();
    },
  };
}

function candidatePorts(options: LoopbackListenerOptions): number[] {
  if (!options.port) return [0];
  return [...new Set([options.port, ...(options.fallbackPorts ?? [])])];
}

function respond(
  response: ServerResponse,
  status: number,
  page: { ok: boolean; title: string; message: string },
): void {
  response.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'no-store',
    'Referrer-Policy': 'no-referrer',
    Connection: 'close',
  });
  response.end(renderCallbackPage(page));
}

function formatDuration(milliseconds: number): string {
  if (milliseconds >= 60_000 && milliseconds % 60_000 === 0) {
    const minutes = milliseconds / 60_000;
    return `${minutes} minute${minutes === 1 ? '' : 's'}`;
  }
  const seconds = Math.max(1, Math.round(milliseconds / 1000));
  return `${seconds} second${seconds === 1 ? '' : 's'}`;
}
